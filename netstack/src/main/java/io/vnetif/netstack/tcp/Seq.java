package io.vnetif.netstack.tcp;

/** Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): comparisons by the sign of the difference. */
final class Seq {
    private Seq() {
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean le(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** Whether {@code lo <= s < hi}. */
    static boolean inRange(int s, int lo, int hi) {
        return le(lo, s) && lt(s, hi);
    }
}
