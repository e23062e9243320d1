package io.vnetif.core.impair;

/**
 * Bursty loss from a two-state Markov chain (netem's {@code loss gemodel p r 1-h 1-k}): in the good
 * state frames are lost with {@code lossInGood}, in the bad state with {@code lossInBad}; each frame
 * the chain moves good→bad with {@code p} and bad→good with {@code r}, so bad periods last 1/r frames
 * on average.
 */
public record GilbertElliott(double p, double r, double lossInBad, double lossInGood) {
    public GilbertElliott {
        Probabilities.check("Gilbert-Elliott p", p);
        Probabilities.check("Gilbert-Elliott r", r);
        Probabilities.check("Gilbert-Elliott loss in the bad state", lossInBad);
        Probabilities.check("Gilbert-Elliott loss in the good state", lossInGood);
    }

    /** The simple Gilbert model: bad state loses everything, good state nothing. */
    public static GilbertElliott gilbert(double p, double r) {
        return new GilbertElliott(p, r, 1.0, 0.0);
    }
}
