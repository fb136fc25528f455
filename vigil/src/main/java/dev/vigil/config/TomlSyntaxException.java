package dev.vigil.config;

/**
 * A TOML text that is not valid TOML, at the position where reading could not go on. Thrown only
 * inside the parser and caught by the loader, which reports it as one problem; it carries no stack
 * trace because its position says everything a user needs.
 */
final class TomlSyntaxException extends RuntimeException {

    private final transient TomlPosition position;

    TomlSyntaxException(String message, TomlPosition position) {
        super(message, null, false, false);
        this.position = position;
    }

    TomlPosition position() {
        return position;
    }
}
