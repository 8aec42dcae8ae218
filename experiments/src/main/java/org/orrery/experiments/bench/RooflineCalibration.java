package org.orrery.experiments.bench;

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
 * Fits the five free parameters of the roofline (compute, memory and interconnect efficiency,
 * all-reduce step latency, iteration overhead) to measured iteration times by minimizing the mean
 * absolute percentage error with the Nelder-Mead simplex of Apache Commons Math, started from
 * {@link RooflineParameters#DEFAULTS}. Parameters outside their valid range score as infinitely
 * bad, so the result is always a valid {@link RooflineParameters}.
 *
 * <p>The fit is deterministic: the start point, the simplex steps and the evaluation budget are
 * fixed. Limits: Nelder-Mead finds a local minimum only; with few measurements the five
 * parameters can trade off against one another, so the fitted values should not be read as
 * physical efficiencies.
 */
final class RooflineCalibration {
    private static final int MAX_EVALUATIONS = 20_000;

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

    /** Returns the parameters that minimize the mean absolute percentage error over {@code measurements}. */
    static RooflineParameters fit(ModelSpec model, AcceleratorSpec gpu, List<Measurement> measurements) {
        MultivariateFunction meanError = point -> {
            RooflineParameters parameters = parameters(point);
            return parameters == null ? Double.POSITIVE_INFINITY : meanError(model, gpu, parameters, measurements);
        };
        RooflineParameters start = RooflineParameters.DEFAULTS;
        double[] initial = {start.computeEfficiency(), start.memoryEfficiency(), start.interconnectEfficiency(),
            start.allReduceStepLatencySeconds() * 1e6, start.iterationOverheadSeconds() * 1e3};
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-9, 1e-12);
        PointValuePair best = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(meanError),
                GoalType.MINIMIZE, new InitialGuess(initial), new NelderMeadSimplex(new double[] {0.1, 0.1, 0.1, 2, 2}));
        return parameters(best.getPoint());
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

    /** Maps an optimizer point (latency in microseconds, overhead in milliseconds) to parameters, or null if invalid. */
    private static RooflineParameters parameters(double[] point) {
        for (int i = 0; i < 3; i++) {
            if (!(point[i] > 0 && point[i] <= 1)) {
                return null;
            }
        }
        if (!(point[3] >= 0) || !(point[4] >= 0)) {
            return null;
        }
        return new RooflineParameters(point[0], point[1], point[2], point[3] * 1e-6, point[4] * 1e-3, 2.0);
    }
}
