package io.vnetif.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    /** Checks and, when fresh, accepts: what a receiver does with a datagram that authenticated. */
    private boolean receive(long sequence) {
        if (!window.isFresh(sequence)) {
            return false;
        }
        window.accept(sequence);
        return true;
    }

    @Test
    void inOrderNumbersAreAllFreshOnce() {
        for (long s = 1; s <= 5_000; s++) {
            assertThat(receive(s)).as("sequence %d", s).isTrue();
        }
        assertThat(receive(5_000)).isFalse();
        assertThat(receive(4_999)).isFalse();
    }

    @Test
    void zeroIsNeverFresh() {
        assertThat(window.isFresh(0)).isFalse();
        receive(2_000);
        assertThat(window.isFresh(0)).isFalse();
    }

    @Test
    void outOfOrderWithinTheWindowIsAcceptedOnce() {
        assertThat(receive(1_000)).isTrue();
        assertThat(receive(1_000 - ReplayWindow.SIZE + 1)).as("oldest still inside").isTrue();
        assertThat(receive(999)).isTrue();
        assertThat(receive(500)).isTrue();
        assertThat(receive(500)).as("duplicate").isFalse();
        assertThat(receive(1_001)).isTrue();
        assertThat(receive(999)).as("duplicate after the window moved").isFalse();
    }

    @Test
    void duplicatesAreRefusedAndCheckingDoesNotAccept() {
        assertThat(window.isFresh(7)).isTrue();
        assertThat(window.isFresh(7)).as("a check alone, e.g. of a forged datagram, changes nothing").isTrue();
        window.accept(7);
        assertThat(window.isFresh(7)).isFalse();
    }

    @Test
    void numbersTooFarBehindAreRefusedEvenWhenNeverSeen() {
        receive(10_000);
        assertThat(window.isFresh(10_000 - ReplayWindow.SIZE)).isFalse();
        assertThat(window.isFresh(10_000 - ReplayWindow.SIZE + 1)).isTrue();
        assertThat(window.isFresh(1)).isFalse();
    }

    @Test
    void aJumpForgetsWhatFallsOutButKeepsWhatStaysInside() {
        for (long s = 1; s <= 100; s++) {
            receive(s);
        }
        assertThat(receive(170)).as("jump of 70, crossing a word").isTrue();
        for (long s = 101; s < 170; s++) {
            assertThat(window.isFresh(s)).as("never seen %d", s).isTrue();
        }
        for (long s = 1; s <= 100; s++) {
            assertThat(window.isFresh(s)).as("seen %d", s).isFalse();
        }
        assertThat(receive(1_000_000)).as("jump far beyond the ring").isTrue();
        for (long s = 1_000_000 - ReplayWindow.SIZE + 1; s < 1_000_000; s++) {
            assertThat(window.isFresh(s)).as("never seen %d (a stale bit would refuse it)", s).isTrue();
        }
        assertThat(window.isFresh(170)).isFalse();
    }

    @Test
    void sequenceNumbersAreUnsigned() {
        assertThat(receive(Long.MAX_VALUE)).isTrue();
        assertThat(receive(Long.MIN_VALUE)).as("2^63 is above 2^63 - 1").isTrue();
        assertThat(receive(-1L)).as("2^64 - 1, the last").isTrue();
        assertThat(window.isFresh(Long.MAX_VALUE)).as("far behind 2^64 - 1").isFalse();
        assertThat(receive(-2L)).isTrue();
        assertThat(receive(-2L)).isFalse();
    }

    /** Against a plain set of everything accepted, with random reordering, duplicates and jumps. */
    @Test
    void agreesWithAModelUnderRandomTraffic() {
        SplittableRandom random = new SplittableRandom(6479);
        Set<Long> accepted = new HashSet<>();
        long highest = 0;
        long next = 1;
        for (int i = 0; i < 200_000; i++) {
            long s = switch (random.nextInt(4)) {
                case 0 -> next++;
                case 1 -> Math.max(1, next - random.nextInt(1, 1_200));
                case 2 -> next += random.nextInt(1, 3_000);
                default -> Math.max(1, highest - random.nextInt(0, 64));
            };
            boolean fresh = s > highest || (highest - s < ReplayWindow.SIZE && !accepted.contains(s));
            assertThat(receive(s)).as("sequence %d with highest %d", s, highest).isEqualTo(fresh);
            if (fresh) {
                accepted.add(s);
                highest = Math.max(highest, s);
            }
        }
    }
}
