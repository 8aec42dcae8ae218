package org.orrery.experiments.bench;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.RooflinePerformanceModel;

/**
 * Fits the roofline to measured iteration times by minimizing the mean absolute percentage error
 * with the Nelder-Mead simplex of Apache Commons Math. It fits eight parameters: compute, memory,
 * interconnect and attention efficiency, all-reduce step latency, iteration overhead, host time
 * per iteration and time per prefilled prompt. Activation bytes stay fixed. Parameters outside
 * their valid range score as infinitely bad, so the result is always a valid {@link
 * RooflineParameters}.
 *
 * <p>Measurements at a single tensor-parallel degree cannot separate the all-reduce terms from
 * the others: the latency term is then a constant like the iteration overhead, and the bandwidth
 * term grows with the tokens like the compute time. In that case interconnect efficiency and
 * all-reduce step latency keep their values from {@link RooflineParameters#DEFAULTS}.
 *
 * <p>The fit is deterministic. It starts twice from the defaults: once with no host time, and once
 * with the host time equal to the fastest measured iteration. From each start it restarts the
 * simplex at the result until the error stops falling, then keeps the better of the two. Limits:
 * Nelder-Mead finds a local minimum only, and parameters that the measurements barely constrain
 * can trade off against one another, so the fitted values are a calibration of one serving stack,
 * not measured efficiencies.
 */
final class RooflineCalibration {
    private static final int MAX_EVALUATIONS_PER_RUN = 100_000;
    private static final int MAX_RESTARTS = 30;

    /** Indices of the optimizer's point. Times are in milliseconds and latency in microseconds, so all values are near 1. */
    private static final int COMPUTE = 0;
    private static final int MEMORY = 1;
    private static final int ATTENTION = 2;
    private static final int OVERHEAD_MS = 3;
    private static final int HOST_MS = 4;
    private static final int PER_PROMPT_MS = 5;
    private static final int INTERCONNECT = 6;
    private static final int LATENCY_US = 7;
    private static final double[] STEPS = {0.1, 0.1, 0.1, 2, 5, 5, 0.1, 2};

    /**
     * One measured iteration.
     *
     * @param batch the work of the iteration
     * @param tensorParallel GPUs of the instance
     * @param seconds the measured duration
     */
    record Measurement(IterationBatch batch, int tensorParallel, double seconds) {
    }

    private RooflineCalibration() {
    }

    /** Returns the number of parameters that {@link #fit} adjusts for {@code measurements}. */
    static int freeParameterCount(List<Measurement> measurements) {
        return spansSeveralTensorParallelDegrees(measurements) ? STEPS.length : INTERCONNECT;
    }

    /** Returns the parameters that minimize the mean absolute percentage error over {@code measurements}. */
    static RooflineParameters fit(ModelSpec model, AcceleratorSpec gpu, List<Measurement> measurements) {
        int free = freeParameterCount(measurements);
        RooflineParameters defaults = RooflineParameters.DEFAULTS;
        MultivariateFunction meanError = point -> {
            RooflineParameters parameters = parameters(point, defaults);
            return parameters == null ? Double.POSITIVE_INFINITY : meanError(model, gpu, parameters, measurements);
        };

        double fastestMs = measurements.stream().mapToDouble(Measurement::seconds).min().orElse(0) * 1e3;
        PointValuePair best = null;
        for (double hostStartMs : new double[] {0.0, fastestMs}) {
            double[] start = point(defaults, free);
            start[HOST_MS] = hostStartMs;
            PointValuePair result = minimizeWithRestarts(meanError, start);
            if (best == null || result.getValue() < best.getValue()) {
                best = result;
            }
        }
        return parameters(best.getPoint(), defaults);
    }

    /** Returns the mean absolute percentage error of the roofline with {@code parameters}. */
    static double meanError(ModelSpec model, AcceleratorSpec gpu, RooflineParameters parameters,
            List<Measurement> measurements) {
        double sum = 0;
        for (Measurement measurement : measurements) {
            RooflinePerformanceModel roofline = new RooflinePerformanceModel(model, gpu, measurement.tensorParallel(),
                    parameters);
            sum += Math.abs(roofline.iterationSeconds(measurement.batch()) - measurement.seconds())
                    / measurement.seconds();
        }
        return sum / measurements.size();
    }

    /** Runs the simplex from {@code start}, then again from each result while that lowers the error. */
    private static PointValuePair minimizeWithRestarts(MultivariateFunction meanError, double[] start) {
        PointValuePair best = minimize(meanError, start);
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair next = minimize(meanError, best.getPoint());
            if (!(next.getValue() < best.getValue() - 1e-9)) {
                break;
            }
            best = next;
        }
        return best;
    }

    private static PointValuePair minimize(MultivariateFunction meanError, double[] start) {
        double[] steps = new double[start.length];
        System.arraycopy(STEPS, 0, steps, 0, start.length);
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-9, 1e-12);
        return optimizer.optimize(new MaxEval(MAX_EVALUATIONS_PER_RUN), new ObjectiveFunction(meanError),
                GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(steps));
    }

    private static boolean spansSeveralTensorParallelDegrees(List<Measurement> measurements) {
        return measurements.stream().mapToInt(Measurement::tensorParallel).distinct().count() > 1;
    }

    /** Returns the optimizer point of {@code parameters}, with the all-reduce terms only if {@code free} includes them. */
    private static double[] point(RooflineParameters parameters, int free) {
        List<Double> point = new ArrayList<>(List.of(parameters.computeEfficiency(), parameters.memoryEfficiency(),
                parameters.attentionEfficiency(), parameters.iterationOverheadSeconds() * 1e3,
                parameters.hostSecondsPerIteration() * 1e3, parameters.prefillSecondsPerSequence() * 1e3,
                parameters.interconnectEfficiency(), parameters.allReduceStepLatencySeconds() * 1e6));
        return point.subList(0, free).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Maps an optimizer point to parameters, taking the all-reduce terms from {@code fixed} when the
     * point leaves them out; returns null if a value is out of range.
     */
    private static RooflineParameters parameters(double[] point, RooflineParameters fixed) {
        for (int i : new int[] {COMPUTE, MEMORY, ATTENTION}) {
            if (!(point[i] > 0 && point[i] <= 1)) {
                return null;
            }
        }
        for (int i : new int[] {OVERHEAD_MS, HOST_MS, PER_PROMPT_MS}) {
            if (!(point[i] >= 0)) {
                return null;
            }
        }
        double interconnect = fixed.interconnectEfficiency();
        double latencySeconds = fixed.allReduceStepLatencySeconds();
        if (point.length > INTERCONNECT) {
            interconnect = point[INTERCONNECT];
            latencySeconds = point[LATENCY_US] * 1e-6;
            if (!(interconnect > 0 && interconnect <= 1) || !(latencySeconds >= 0)) {
                return null;
            }
        }
        return new RooflineParameters(point[COMPUTE], point[MEMORY], interconnect, latencySeconds,
                point[OVERHEAD_MS] * 1e-3, fixed.activationBytes(), point[ATTENTION], point[HOST_MS] * 1e-3,
                point[PER_PROMPT_MS] * 1e-3);
    }
}
