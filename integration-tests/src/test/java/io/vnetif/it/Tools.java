package io.vnetif.it;

import io.vnetif.testing.Requirements;
import java.io.File;
import java.io.IOException;

/** External tools the tests run: present, or the test fails under CI=true and skips elsewhere. */
final class Tools {
    private Tools() {
    }

    static void require(String... tools) {
        for (String tool : tools) {
            if (!onPath(tool)) {
                Requirements.unmet(tool + " is not installed (.ci/run installs it)");
            }
        }
    }

    static boolean onPath(String tool) {
        for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, returns its standard output (not its warnings), fails with both on a non-zero exit. */
    static String run(String... command) throws IOException {
        File errors = File.createTempFile("vnetif-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(errors).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + out + java.nio.file.Files.readString(errors.toPath()));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            errors.delete();
        }
    }
}
