package io.vnetif.core.impair;

/**
 * Random loss, like netem's {@code loss P [CORRELATION]}: each frame is lost with {@code probability}.
 * With {@code correlation} c, each decision repeats the previous one with probability c and is drawn
 * afresh otherwise: losses (and passes) come in runs of mean length {@code 1 / (1 - c - (1 - c) P)}
 * while the long-run rate stays P. (netem's own formula, {@code c * previous + (1 - c) * fresh} on the
 * random value, lowers the effective rate as c grows; this one does not.)
 */
public record Loss(double probability, double correlation) {
    public Loss {
        Probabilities.check("loss probability", probability);
        Probabilities.check("loss correlation", correlation);
    }
}
