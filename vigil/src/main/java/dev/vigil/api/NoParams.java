package dev.vigil.api;

/** Params of a method that takes none ({@code {}} or no params member). */
@Doc("No params")
public record NoParams() {
}
