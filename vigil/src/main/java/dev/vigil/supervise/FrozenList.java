package dev.vigil.supervise;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only list over an array that its maker hands over and never writes again. It lets the
 * supervisor's thread publish a service's probe views, a few hundred of them and one changed per
 * report, with one array {@code clone()} instead of an element-by-element copy into {@code List.of}.
 * The published views accept it as it is ({@link SupervisorSnapshot.ServiceView}).
 */
final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
    private final E[] elements;

    private FrozenList(E[] elements) {
        this.elements = elements;
    }

    /**
     * A list over {@code elements}, taken as they are, not checked one by one (that would cost what
     * this saves): the caller must not change the array after this (clone it first to keep working
     * on a copy), and must have filled every element, since a published list holds no nulls.
     */
    static <E> FrozenList<E> adopt(E[] elements) {
        return new FrozenList<>(elements);
    }

    @Override
    public E get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
