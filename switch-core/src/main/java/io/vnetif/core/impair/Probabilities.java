package io.vnetif.core.impair;

final class Probabilities {
    private Probabilities() {
    }

    static void check(String what, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
    }
}
