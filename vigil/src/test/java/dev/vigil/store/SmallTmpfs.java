package dev.vigil.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, small tmpfs mounted for one test, to fill up like a full disk. Mounting needs root (or
 * CAP_SYS_ADMIN); where that is not allowed the test is skipped with a message saying so, never
 * passed silently. {@link #close()} unmounts it.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /** Mounts a tmpfs of {@code sizeKib} KiB on a new directory {@code dir}, or skips the test. */
    public static SmallTmpfs mount(Path dir, int sizeKib) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Result r = run("mount", "-t", "tmpfs", "-o", "size=" + sizeKib + "k,mode=0700", "tmpfs", dir.toString());
        if (r.code() != 0) {
            String why = "SKIPPED: cannot mount a tmpfs at " + dir + " (needs root or CAP_SYS_ADMIN): " + r.output().trim();
            System.err.println(why);
            Assumptions.abort(why);
        }
        return new SmallTmpfs(dir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes a file until the file system refuses more (ENOSPC). @return the bytes written */
    public long fill() throws IOException {
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (int chunk : new int[] {65_536, 4_096, 512, 1}) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                        written += chunk;
                    }
                } catch (IOException full) {
                    // no room for another chunk of this size: try a smaller one
                }
            }
        } catch (IOException e) {
            // closing a file whose last write failed may fail as well
        }
        return written;
    }

    /** Deletes what {@link #fill()} wrote. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Free bytes as the file system reports them. */
    public long available() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        free();
        if (run("umount", mountPoint.toString()).code() != 0) {
            // Something (a daemon that did not exit) still holds a file: detach it all the same.
            Result lazy = run("umount", "-l", mountPoint.toString());
            if (lazy.code() != 0) {
                throw new IOException("cannot unmount " + mountPoint + ": " + lazy.output());
            }
        }
    }

    private record Result(int code, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
