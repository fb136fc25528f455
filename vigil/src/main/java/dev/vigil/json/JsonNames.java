package dev.vigil.json;

/** How Java record component names become JSON keys: one rule for the codec, the API and its schema. */
public final class JsonNames {
    private JsonNames() {
    }

    /** {@code uptimeMs} → {@code uptime_ms}. */
    public static String snake(String javaName) {
        StringBuilder sb = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
