package org.orrery.model.power;

/**
 * A GPU power limit (as set with {@code nvidia-smi -pl}) and its effect on power and speed.
 *
 * <p>A GPU that would draw {@code demand} watts at full clocks stays unaffected while the demand is
 * at most the limit's effective average, {@code averageFractionOfCap x cap}. Above it, the GPU
 * lowers its clock to the ratio {@code s} at which its power meets that average, and its average
 * power becomes that average:
 *
 * <pre>
 *   static + (demand - static) x s^clockExponent = averageFractionOfCap x cap,   static = staticFractionOfTdp x TDP
 *   slowdown = (1 - computeBoundFraction) + computeBoundFraction / s
 * </pre>
 *
 * <p>Only the compute-bound share of the work stretches with the clock; the rest (memory traffic,
 * communication, host work) keeps its time. The average power stays below the limit because the
 * limit caps the instantaneous power, which fluctuates around its mean.
 *
 * <p>Source: the four parameters are fitted to the Zeus measurements of DNN training on V100, A40,
 * RTX 6000 and P100 GPUs under power limits of 100 to 300 W (You, Chung and Chowdhury, NSDI 2023;
 * {@code ml-energy/zeus} commit 75a8b93, Apache-2.0). The defaults minimize the mean relative error
 * of energy per epoch over the 603 rows of all four GPUs whose limit is below the uncapped power;
 * fitted on three GPUs and tested on the fourth, the errors of time, power and energy are in {@code
 * docs/validation.md}.
 *
 * <p>Assumptions and limits: the parameters come from training workloads, whose kernels are mostly
 * compute-bound; decode iterations of LLM serving are memory-bound, so the model may overstate
 * their slowdown. Memory clocks are assumed unaffected by the limit. The clock ratio never falls
 * below {@link #MIN_CLOCK_RATIO}. One parameter set serves every GPU.
 *
 * @param capWatts the power limit of one GPU
 * @param staticFractionOfTdp power that does not scale with the clock, as a fraction of TDP
 * @param clockExponent exponent of the clock ratio in the dynamic power (about 1 when only the
 *     frequency scales, up to 3 when the voltage scales with it)
 * @param computeBoundFraction share of the time that scales with the inverse of the clock
 * @param averageFractionOfCap average power of a limited GPU as a fraction of its limit
 */
public record PowerCap(double capWatts, double staticFractionOfTdp, double clockExponent, double computeBoundFraction,
        double averageFractionOfCap) {

    /** Static power fraction fitted to the Zeus measurements (see the class comment). */
    public static final double DEFAULT_STATIC_FRACTION_OF_TDP = 0.3;

    /** Clock exponent fitted to the Zeus measurements. */
    public static final double DEFAULT_CLOCK_EXPONENT = 2.0;

    /** Compute-bound share fitted to the Zeus measurements. */
    public static final double DEFAULT_COMPUTE_BOUND_FRACTION = 0.4;

    /** Average power of a limited GPU relative to its limit, fitted to the Zeus measurements. */
    public static final double DEFAULT_AVERAGE_FRACTION_OF_CAP = 0.92;

    /** The lowest clock ratio the model lets a limited GPU reach. */
    public static final double MIN_CLOCK_RATIO = 0.1;

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if the cap or the clock exponent is not positive and finite, or
     *     a fraction is outside its range
     */
    public PowerCap {
        if (!(capWatts > 0) || Double.isInfinite(capWatts)) {
            throw new IllegalArgumentException("the power cap must be positive and finite, got " + capWatts + " W");
        }
        if (!(staticFractionOfTdp >= 0 && staticFractionOfTdp < 1)) {
            throw new IllegalArgumentException("cap_static_fraction_of_tdp must be in [0, 1), got " + staticFractionOfTdp);
        }
        if (!(clockExponent > 0) || Double.isInfinite(clockExponent)) {
            throw new IllegalArgumentException("cap_clock_exponent must be positive and finite, got " + clockExponent);
        }
        if (!(computeBoundFraction >= 0 && computeBoundFraction <= 1)) {
            throw new IllegalArgumentException("cap_compute_bound_fraction must be in [0, 1], got "
                    + computeBoundFraction);
        }
        if (!(averageFractionOfCap > 0 && averageFractionOfCap <= 1)) {
            throw new IllegalArgumentException("cap_average_fraction must be in (0, 1], got " + averageFractionOfCap);
        }
    }

    /** Creates a cap of {@code capWatts} with the fitted default parameters. */
    public static PowerCap withDefaults(double capWatts) {
        return new PowerCap(capWatts, DEFAULT_STATIC_FRACTION_OF_TDP, DEFAULT_CLOCK_EXPONENT,
                DEFAULT_COMPUTE_BOUND_FRACTION, DEFAULT_AVERAGE_FRACTION_OF_CAP);
    }

    /** Returns the average power a limited GPU holds when the cap binds, in watts. */
    public double effectiveWatts() {
        return averageFractionOfCap * capWatts;
    }

    /** Returns the smallest cap, in watts, that keeps the effective average above the static power of a GPU of {@code tdpWatts}. */
    public double minimumCapWatts(double tdpWatts) {
        return staticFractionOfTdp * tdpWatts / averageFractionOfCap;
    }

    /** Returns the average power of a GPU that would draw {@code demandWatts} without the cap. */
    public double watts(double demandWatts) {
        return Math.min(demandWatts, effectiveWatts());
    }

    /** Returns the clock ratio, in (0, 1], at which a GPU that demands {@code demandWatts} meets the cap. */
    public double clockRatio(double demandWatts, double tdpWatts) {
        double target = effectiveWatts();
        if (demandWatts <= target) {
            return 1.0;
        }
        double staticWatts = staticFractionOfTdp * tdpWatts;
        if (target <= staticWatts || demandWatts <= staticWatts) {
            return MIN_CLOCK_RATIO;
        }
        double ratio = Math.pow((target - staticWatts) / (demandWatts - staticWatts), 1.0 / clockExponent);
        return Math.max(MIN_CLOCK_RATIO, ratio);
    }

    /** Returns the factor, at least 1, by which the cap stretches work that demands {@code demandWatts}. */
    public double slowdown(double demandWatts, double tdpWatts) {
        double ratio = clockRatio(demandWatts, tdpWatts);
        return ratio >= 1.0 ? 1.0 : (1 - computeBoundFraction) + computeBoundFraction / ratio;
    }
}
