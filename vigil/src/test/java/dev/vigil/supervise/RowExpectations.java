package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Checks one row of a decision table: "nop" = same state, same context, no effects; "none" =
 * something changed but no effect; "+Effect" or "+Schedule:Key" = that effect is among the
 * effects; "!Event" = that event is emitted; any other token goes to the table's own check.
 */
final class RowExpectations {
    private RowExpectations() {
    }

    /** One row of a transition table: in STATE, EVENT leads to NEXT with what EXPECT lists (see {@link #check}). */
    static void row(List<Arguments> rows, String state, String event, String next, String expect) {
        rows.add(Arguments.of(state, event, next, expect));
    }

    static void check(CoreHarness h, Decision d, ServiceState before, ServiceContext contextBefore, String expect,
                      Predicate<String> tableToken) {
        for (String token : expect.split(" ")) {
            if (token.equals("nop")) {
                assertThat(d.isNop(before, contextBefore)).as("nop, but got " + d.effects() + " " + d.state()).isTrue();
            } else if (token.equals("none")) {
                assertThat(d.effects()).isEmpty();
                assertThat(d.context()).isNotEqualTo(contextBefore);
            } else if (token.startsWith("+")) {
                assertThat(d.effects()).as("effects").anyMatch(e -> matches(e, token.substring(1)));
            } else if (token.startsWith("!")) {
                assertThat(h.events()).as("events").anyMatch(e -> e.getClass().getSimpleName().equals(token.substring(1)));
            } else if (!tableToken.test(token)) {
                throw new IllegalArgumentException(token);
            }
        }
        if (!expect.equals("nop")) {
            assertThat(d.isNop(before, contextBefore)).as("a decision, not a nop").isFalse();
        }
    }

    private static boolean matches(Effect effect, String name) {
        String[] parts = name.split(":");
        if (!effect.getClass().getSimpleName().equals(parts[0].equals("StopProbes") ? simpleStop(effect) : parts[0])) {
            return false;
        }
        if (parts.length == 1) {
            return true;
        }
        return switch (effect) {
            case Effect.Schedule s -> s.key().getClass().getSimpleName().equals(parts[1]);
            case Effect.Cancel c -> c.key().getClass().getSimpleName().equals(parts[1]);
            default -> false;
        };
    }

    /** "+StopProbes" accepts both forms of stopping probes. */
    private static String simpleStop(Effect effect) {
        return effect instanceof Effect.StopAllProbes || effect instanceof Effect.StopProbes ? "StopProbes"
                : effect.getClass().getSimpleName();
    }
}
