package io.vnetif.server.tenancy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The tokens of a switch shared by two CI jobs and its operator, for tests: job-a on ci-a-*, job-b on ci-b-*, the operator admin on *. */
public final class TwoJobs {
    public static final String JOB_A = "job-a-token-0123456789";
    public static final String JOB_B = "job-b-token-0123456789";
    public static final String OPERATOR = "operator-token-0123456789";

    private TwoJobs() {
    }

    /** Their token file in {@code dir}, each job with the roles given ("attach,observe"), read as the switch reads it. */
    public static Tenants tokens(Path dir, String jobARoles, String jobBRoles) throws IOException {
        return Tenants.read(Files.write(dir.resolve("tokens"), List.of("job-a " + JOB_A + " ci-a-* " + jobARoles,
                "job-b " + JOB_B + " ci-b-* " + jobBRoles, "ops " + OPERATOR + " * admin")));
    }
}
