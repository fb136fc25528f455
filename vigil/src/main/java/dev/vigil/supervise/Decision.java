package dev.vigil.supervise;

import java.util.List;

/**
 * The result of one step of the transition function: the next state, the next bookkeeping, and
 * the effects to execute in order. A nop decision has the same state and context and no effects.
 */
record Decision(ServiceState state, ServiceContext context, List<Effect> effects) {
    Decision {
        effects = List.copyOf(effects);
    }

    boolean isNop(ServiceState before, ServiceContext contextBefore) {
        return effects.isEmpty() && state.equals(before) && context.equals(contextBefore);
    }
}
