package dev.vigil.process;

import dev.vigil.config.ProcessControls;
import dev.vigil.config.ProcessSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a process starts with, before the daemon's per-start variables: the daemon's
 * own (or, with {@code clear_env}, only its PATH), then the {@code env_file} values, then HOME,
 * USER and LOGNAME of the {@code user} it runs as, then {@code env}. Later sources win.
 */
final class LaunchEnvironment {
    /** PATH when the daemon itself has none and clear_env starts from nothing. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private LaunchEnvironment() {
    }

    static Map<String, String> of(Map<String, String> daemonEnv, ProcessSpec spec) {
        ProcessControls controls = spec.controls();
        Map<String, String> env = new HashMap<>();
        if (controls.clearEnv()) {
            env.put("PATH", daemonEnv.getOrDefault("PATH", DEFAULT_PATH));
        } else {
            env.putAll(daemonEnv);
        }
        env.putAll(controls.fileEnv());
        controls.runAs().ifPresent(runAs -> {
            // The daemon's HOME and USER (root's) would send the program's dotfiles to the wrong place.
            runAs.home().ifPresent(home -> env.put("HOME", home));
            runAs.userName().ifPresent(name -> {
                env.put("USER", name);
                env.put("LOGNAME", name);
            });
        });
        env.putAll(spec.env());
        return env;
    }
}
