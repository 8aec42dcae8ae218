package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.model.power.PowerCap;

/**
 * Compares {@link PowerCap} with the Zeus measurements of DNN training under GPU power limits (V100,
 * A40, P100, RTX 6000; see {@code validation/PROVENANCE.md}).
 *
 * <p>For each workload, the run at the GPU's highest limit is the uncapped reference: its average
 * power is the demand and its time per epoch the uncapped time. The model then predicts time per
 * epoch, average power and energy per epoch at every lower limit that binds, that is below the
 * uncapped average power. Each GPU is predicted with parameters fitted on the other three (grid
 * search over {@link #GRID}, minimizing the energy error), so every reported error is held out. The
 * highest limit in the data stands for the GPU's TDP, as NVML allows no higher limit.
 */
public final class PowerCapFidelity {
    private static final String FOLDER = "/org/orrery/experiments/validation/zeus/";
    /** GPUs of the Zeus data, each with its file. */
    static final List<String> GPUS = List.of("v100", "a40", "p100", "rtx6000");
    /** Target of each error: 15%, the same as for energy per token against ML.ENERGY. */
    static final double TARGET = 0.15;

    /** Candidate values of static fraction, clock exponent, compute-bound fraction and average fraction. */
    static final double[][] GRID = {
        {0.0, 0.1, 0.2, 0.3, 0.4},
        {1.0, 1.5, 2.0, 2.5, 3.0},
        {0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0},
        {0.88, 0.90, 0.92, 0.94, 0.96, 1.0},
    };

    private PowerCapFidelity() {
    }

    /** One workload's runs on one GPU, sorted by limit; the last is the uncapped reference. */
    record Workload(double tdpWatts, double[] limits, double[] seconds, double[] watts) {
    }

    /** Mean relative errors of time, power and energy over the binding rows. */
    record Errors(double time, double power, double energy, int rows) {
    }

    /** Returns the held-out comparisons of every GPU. */
    public static List<FidelityComparison> run() {
        Map<String, List<Workload>> data = new LinkedHashMap<>();
        for (String gpu : GPUS) {
            data.put(gpu, read(gpu));
        }
        List<FidelityComparison> comparisons = new ArrayList<>();
        for (String gpu : GPUS) {
            List<Workload> training = new ArrayList<>();
            data.forEach((other, workloads) -> {
                if (!other.equals(gpu)) {
                    training.addAll(workloads);
                }
            });
            double[] fitted = fit(training);
            Errors errors = errors(data.get(gpu), fitted);
            String name = "Zeus " + gpu.toUpperCase(java.util.Locale.ROOT) + " power limits (held out)";
            comparisons.add(new FidelityComparison(name, "time_per_epoch_mape", errors.time(), TARGET));
            comparisons.add(new FidelityComparison(name, "average_power_mape", errors.power(), TARGET));
            comparisons.add(new FidelityComparison(name, "energy_per_epoch_mape", errors.energy(), TARGET));
        }
        return comparisons;
    }

    /** Returns the grid point (static, exponent, compute-bound, average) with the lowest energy error. */
    static double[] fit(List<Workload> workloads) {
        double[] best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (double staticFraction : GRID[0]) {
            for (double exponent : GRID[1]) {
                for (double computeBound : GRID[2]) {
                    for (double average : GRID[3]) {
                        double[] candidate = {staticFraction, exponent, computeBound, average};
                        double error = errors(workloads, candidate).energy();
                        if (error < bestError) {
                            bestError = error;
                            best = candidate;
                        }
                    }
                }
            }
        }
        return best;
    }

    /** Returns the errors of {@code parameters} over the binding rows of {@code workloads}. */
    static Errors errors(List<Workload> workloads, double[] parameters) {
        double time = 0;
        double power = 0;
        double energy = 0;
        int rows = 0;
        for (Workload workload : workloads) {
            int last = workload.limits().length - 1;
            double demand = workload.watts()[last];
            double uncappedSeconds = workload.seconds()[last];
            for (int i = 0; i < last; i++) {
                double limit = workload.limits()[i];
                if (limit >= demand) {
                    continue;
                }
                PowerCap cap = new PowerCap(limit, parameters[0], parameters[1], parameters[2], parameters[3]);
                double seconds = uncappedSeconds * cap.slowdown(demand, workload.tdpWatts());
                double watts = cap.watts(demand);
                time += FidelityBenchmark.relative(seconds, workload.seconds()[i]);
                power += FidelityBenchmark.relative(watts, workload.watts()[i]);
                energy += FidelityBenchmark.relative(seconds * watts, workload.seconds()[i] * workload.watts()[i]);
                rows++;
            }
        }
        return new Errors(time / rows, power / rows, energy / rows, rows);
    }

    /** Reads one GPU's file into workloads, each with its runs sorted by limit. */
    static List<Workload> read(String gpu) {
        String resource = FOLDER + "summary_power_" + gpu + ".csv";
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        double highest = 0;
        InputStream stream = PowerCapFidelity.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new UncheckedIOException(new IOException("bundled validation resource " + resource
                    + " is missing; rebuild the jar"));
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                String key = cells[0] + "," + cells[1] + "," + cells[2] + "," + cells[3];
                double limit = Double.parseDouble(cells[4]);
                highest = Math.max(highest, limit);
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {limit,
                        Double.parseDouble(cells[5]), Double.parseDouble(cells[6])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Workload> workloads = new ArrayList<>();
        for (List<double[]> list : runs.values()) {
            list.sort((a, b) -> Double.compare(a[0], b[0]));
            int n = list.size();
            double[] limits = new double[n];
            double[] seconds = new double[n];
            double[] watts = new double[n];
            for (int i = 0; i < n; i++) {
                limits[i] = list.get(i)[0];
                seconds[i] = list.get(i)[1];
                watts[i] = list.get(i)[2];
            }
            workloads.add(new Workload(highest, limits, seconds, watts));
        }
        return workloads;
    }
}
