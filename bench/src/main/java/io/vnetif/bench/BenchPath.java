package io.vnetif.bench;

/** A way for frames to get from one endpoint to another: through the switch, or direct UDP. */
interface BenchPath {
    /** Short name for tables ("vnetif", "direct UDP"). */
    String name();

    /** Opens two connected ends exchanging frames of {@code frameBytes} bytes. */
    EndpointPair open(int frameBytes) throws Exception;

    /** The counters of the switch this path goes through, or {@code null} for a path without one. */
    default SwitchProbe switchProbe() {
        return null;
    }
}
