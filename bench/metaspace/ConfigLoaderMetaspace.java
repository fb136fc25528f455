import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Issue 16: would parsing the config in a throwaway class loader give its metaspace back?
 * {@code app}: loads the config twice with the application class loader (what the daemon does),
 * printing the classes and the metaspace + class space used that each load adds.
 * {@code throwaway}: loads it once through a fresh URLClassLoader over vigil.jar, drops the loader,
 * collects, and prints what was unloaded and given back (used and committed).
 */
public final class ConfigLoaderMetaspace {
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[1]);
        System.out.println(config.getFileName());   // the harness's own first-use classes before the first figure
        Figures before = Figures.now();
        if (args[0].equals("app")) {
            load(ConfigLoaderMetaspace.class.getClassLoader(), config);
            Figures first = Figures.now();
            load(ConfigLoaderMetaspace.class.getClassLoader(), config);
            Figures second = Figures.now();
            System.out.printf("app loader: first load %s; second load %s%n", first.minus(before), second.minus(first));
            return;
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[2]).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        load(loader, config);
        Figures loaded = Figures.now();
        loader.close();
        loader = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Figures collected = Figures.now();
        System.out.printf("throwaway loader: load %s; after dropping it and 3 GCs: %d classes unloaded, %s%n",
                loaded.minus(before), ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount(),
                collected.minus(loaded));
    }

    private static void load(ClassLoader loader, Path config) throws Exception {
        Class<?> type = Class.forName("dev.vigil.config.ConfigLoader", true, loader);
        Method load = type.getMethod("load", Path.class);
        Object result = load.invoke(type.getConstructor().newInstance(), config);
        if (!result.getClass().getSimpleName().equals("Valid")) {
            throw new IllegalStateException("the config did not load: " + result);
        }
    }

    private record Figures(int classes, long used, long committed) {
        static Figures now() {
            long used = 0;
            long committed = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("Metaspace") || pool.getName().equals("Compressed Class Space")) {
                    used += pool.getUsage().getUsed();
                    committed += pool.getUsage().getCommitted();
                }
            }
            return new Figures(ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), used, committed);
        }

        String minus(Figures earlier) {
            return String.format("%+d classes, %+.1f KB used, %+.1f KB committed", classes - earlier.classes,
                    (used - earlier.used) / 1024.0, (committed - earlier.committed) / 1024.0);
        }
    }
}
