package dev.vectorprop.optim;

/**
 * How the learning rate changes from epoch to epoch: each epoch's rate is the optimizer's base rate times
 * {@link #factor}. A trainer asks for the factor at the start of every epoch and reports the epoch's monitored
 * loss at its end ({@link #epochEnded}), which only {@link #plateau} uses; the others are pure functions of the
 * epoch, so a run resumed from a checkpoint gets the same rates.
 */
public interface LearningRateSchedule {

    /** The factor of the base rate in {@code epoch} (1-based). */
    double factor(int epoch);

    /** The loss this schedule watches (validation loss, else training loss), at the end of each epoch. */
    default void epochEnded(double loss) {
    }

    /** Always the base rate. */
    static LearningRateSchedule constant() {
        return epoch -> 1;
    }

    /** The rate times γ every {@code size} epochs: γ^⌊(epoch − 1) / size⌋. */
    static LearningRateSchedule step(int size, double gamma) {
        positive("step size", size);
        checkGamma(gamma);
        return epoch -> Math.pow(gamma, (epoch - 1) / size);
    }

    /** The rate times γ every epoch: γ^(epoch − 1). */
    static LearningRateSchedule exponential(double gamma) {
        checkGamma(gamma);
        return epoch -> Math.pow(gamma, epoch - 1);
    }

    /**
     * Half a cosine from 1 in epoch 1 down towards {@code floor} (a fraction of the base rate) after {@code epochs}:
     * floor + (1 − floor)·(1 + cos(π·(epoch − 1)/epochs))/2; epochs past the horizon stay at the floor.
     */
    static LearningRateSchedule cosine(int epochs, double floor) {
        positive("cosine horizon", epochs);
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("the cosine floor must be in [0, 1], got " + floor);
        }
        return epoch -> floor + (1 - floor) * (1 + Math.cos(Math.PI * Math.min(epoch - 1, epochs) / epochs)) / 2;
    }

    /**
     * The rate times {@code factor} whenever the watched loss has not gone below its best for {@code patience}
     * epochs in a row. Keeps state: use one per trainer.
     */
    static LearningRateSchedule plateau(int patience, double factor) {
        positive("plateau patience", patience);
        checkGamma(factor);
        return new LearningRateSchedule() {
            private double best = Double.POSITIVE_INFINITY;
            private int stale;
            private double scale = 1;

            @Override
            public double factor(int epoch) {
                return scale;
            }

            @Override
            public void epochEnded(double loss) {
                if (loss < best) {
                    best = loss;
                    stale = 0;
                } else if (++stale >= patience) {
                    scale *= factor;
                    stale = 0;
                }
            }

            @Override
            public String toString() {
                return "plateau(patience=" + patience + ", factor=" + factor + ")";
            }
        };
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("the decay factor must be in (0, 1], got " + gamma);
        }
    }
}
