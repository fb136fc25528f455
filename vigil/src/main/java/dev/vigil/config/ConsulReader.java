package dev.vigil.config;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads {@code [consul]}, and checks once every file is read that its services have a watchdog. */
final class ConsulReader {

    static final String TABLE_EXPECTED = "[consul] with address, token_file, services, timeout";
    private static final String ADDRESS_EXPECTED = "the local agent's HTTP API, e.g. \"http://127.0.0.1:8500\"";

    private ConsulReader() {
    }

    /** Empty when the table has problems (all of them recorded). */
    static Optional<ConsulSpec> read(TomlReader r) {
        Optional<URI> address = r.has("address")
                ? r.text("address", ADDRESS_EXPECTED).flatMap(t -> AlertTargetReader.url(r, "address", t, ADDRESS_EXPECTED))
                : Optional.of(ConsulSpec.DEFAULT_ADDRESS);
        Optional<Path> tokenFile = r.text("token_file", "a file path (relative = to the config's directory)")
                .flatMap(text -> path(r, text));
        List<String> services = r.strings("services", false, "an array of service names").orElse(List.of());
        Duration timeout = r.duration("timeout", ConsulSpec.DEFAULT_TIMEOUT,
                DurationRule.between(Duration.ofMillis(100), Duration.ofSeconds(30)));
        r.rejectUnknown();
        if (address.isEmpty() || r.failed("address", "token_file", "services", "timeout")) {
            return Optional.empty();
        }
        return Optional.of(new ConsulSpec(address.get(), tokenFile, services, timeout, r.where()));
    }

    private static Optional<Path> path(TomlReader r, String text) {
        try {
            return Optional.of(r.problems().dir().resolve(text).normalize());
        } catch (InvalidPathException e) {
            r.problem("token_file", TomlValues.quote(text), "is not a valid path", "a file path");
            return Optional.empty();
        }
    }

    /** Each service named in {@code services} is declared and has a process with a watchdog. */
    static void servicesHaveWatchdogs(ConsulSpec consul, List<ServiceSpec> services, ProblemLog problems) {
        Map<String, ServiceSpec> byName = services.stream().collect(Collectors.toMap(ServiceSpec::name, Function.identity()));
        for (String name : consul.services()) {
            ServiceSpec service = byName.get(name);
            if (service == null) {
                String hint = Suggestions.closest(name, byName.keySet()).map(c -> "did you mean " + TomlValues.quote(c) + "? ")
                        .orElse("");
                problem(consul, name, hint + "a declared service with a watchdog", "is not a declared service", problems);
            } else if (service.processes().stream().noneMatch(p -> p.watchdog().isPresent())) {
                problem(consul, name, "a service with a watchdog (type = \"notify\", watchdog = \"...\")",
                        "has no process with a watchdog, so it has no TTL check to update", problems);
            }
        }
    }

    private static void problem(ConsulSpec consul, String name, String expected, String message, ProblemLog problems) {
        problems.add(new ConfigProblem(consul.where().file(), consul.where().line(), consul.where().column(),
                "consul.services", TomlValues.quote(name), expected, message));
    }
}
