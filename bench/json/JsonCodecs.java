import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One JSON round trip as a CLI command or the daemon's API does it: parse a `list` answer (a
 * file) into maps and lists, then write it back, with the library named by the first argument:
 * `jdk` (Vigil's own dev.vigil.json.Json), `jr` (jackson-jr-objects), `databind` (ObjectMapper),
 * or `none` (reads the file only: the JVM's own floor). Used by bench/json-codecs.sh, which
 * counts loaded classes, times the whole JVM run and reads the peak RSS.
 */
public final class JsonCodecs {
    public static void main(String[] args) throws Exception {
        String text = Files.readString(Path.of(args[1]));
        Object parsed;
        String written;
        switch (args[0]) {
            case "jdk" -> {
                parsed = dev.vigil.json.Json.parse(text);
                written = dev.vigil.json.Json.write(parsed);
            }
            case "jr" -> {
                parsed = com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(text);
                written = com.fasterxml.jackson.jr.ob.JSON.std.asString(parsed);
            }
            case "databind" -> {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                parsed = mapper.readValue(text, Object.class);
                written = mapper.writeValueAsString(parsed);
            }
            case "none" -> {
                parsed = List.of();
                written = text;
            }
            default -> throw new IllegalArgumentException("library: jdk | jr | databind | none");
        }
        int services = parsed instanceof Map<?, ?> map && map.get("services") instanceof List<?> list ? list.size()
                : parsed instanceof List<?> list ? list.size() : 0;
        System.out.println(args[0] + ": " + services + " services, " + written.length() + " chars written");
    }
}
