package dev.vigil.json;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the codec needs to know about one record class, found by reflection once and cached by
 * {@link JsonMapper}: its components' JSON names (snake_case, {@link JsonNames#snake}), generic
 * types, accessors, which may be null, and its canonical constructor.
 */
final class RecordShape {

    /** One component: its JSON key, declared type, accessor, and whether it may be null or left out when read. */
    record Part(String key, Type type, Class<?> raw, Method accessor, boolean nullable) {
    }

    final Class<?> type;
    final List<Part> parts;
    private final Map<String, Integer> index = new HashMap<>();
    private final Constructor<?> constructor;

    /** @param nullable the annotation that marks a component that may be null; null: every non-primitive may be */
    RecordShape(Class<?> type, Class<? extends Annotation> nullable) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        Part[] found = new Part[components.length];
        Class<?>[] raws = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Method accessor = c.getAccessor();
            accessible(accessor);
            found[i] = new Part(JsonNames.snake(c.getName()), c.getGenericType(), c.getType(), accessor,
                    nullable == null ? !c.getType().isPrimitive() : c.isAnnotationPresent(nullable));
            raws[i] = c.getType();
            index.put(found[i].key(), i);
        }
        this.parts = List.of(found);
        try {
            this.constructor = type.getDeclaredConstructor(raws);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        accessible(constructor);
    }

    /** The component's position for a JSON key, or -1. */
    int indexOf(String key) {
        Integer i = index.get(key);
        return i == null ? -1 : i;
    }

    /** The JSON keys, in component order (for "unknown field; known: ..."). */
    String keys() {
        return String.join(", ", parts.stream().map(Part::key).toList());
    }

    Object read(Object record, int i) {
        try {
            return parts.get(i).accessor().invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + type.getName() + "." + parts.get(i).key(), e);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Builds the record; what its constructor throws comes back unwrapped. */
    Object construct(Object[] args) throws Throwable {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot build " + type.getName() + " from " + Arrays.toString(args), e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }

    /**
     * Records of other packages may be package-private; the codec reads them like the JDK's own
     * serialisation would. A public member of a public top-level record (every API record) needs
     * no help, and leaving it alone spares the client the module checks setAccessible loads.
     */
    private static void accessible(java.lang.reflect.Executable member) {
        Class<?> owner = member.getDeclaringClass();
        if (Modifier.isPublic(member.getModifiers()) && Modifier.isPublic(owner.getModifiers()) && !owner.isMemberClass()) {
            return;
        }
        try {
            member.setAccessible(true);
        } catch (RuntimeException e) {
            // Not ours to open (another module's): reading it fails later with a clear message.
        }
    }
}
