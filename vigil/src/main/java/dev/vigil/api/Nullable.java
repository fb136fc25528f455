package dev.vigil.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of the API as possibly {@code null}. In a result the key is always
 * present (with {@code null}); in params the key may be left out. Read by the OpenRPC schema
 * generator, so the published schema says exactly which fields may be null.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Nullable {
}
