package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ThreadInspectorTest {
    @Test
    void noDeadlockIsTheBeansNullAndBecomesAnEmptyList() {
        ThreadMXBean bean = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isSynchronizerUsageSupported" -> true;
                    case "findDeadlockedThreads" -> null;
                    default -> throw new AssertionError("unexpected call " + method.getName());
                });
        assertThat(ThreadInspector.of(bean).deadlockedThreads()).isEmpty();
    }
}
