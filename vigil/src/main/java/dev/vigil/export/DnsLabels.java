package dev.vigil.export;

/**
 * Names for platforms that want DNS labels (Kubernetes containers and objects, Nomad services):
 * {@code [a-z0-9]([a-z0-9-]*[a-z0-9])?}, at most 63 characters. Vigil also allows '_' and '.',
 * which become '-' (recorded as a loss).
 */
final class DnsLabels {
    private static final int MAX = 63;

    private DnsLabels() {
    }

    /**
     * @param field    the config field the name comes from, for the warning
     * @param what     what the name is used as, e.g. {@code container name}
     * @param platform for the warning's reason
     */
    static String of(String wanted, String field, String what, String platform, Losses losses) {
        String name = wanted.replaceAll("[^a-z0-9-]", "-");
        if (name.length() > MAX) {
            name = name.substring(0, MAX);
        }
        name = name.replaceAll("^-+|-+$", "");
        if (!name.equals(wanted)) {
            losses.add(field, HttpChecks.quoted(wanted), what + " " + HttpChecks.quoted(name),
                    platform + " names are DNS labels: a-z, 0-9 and '-', at most 63");
        }
        return name;
    }
}
