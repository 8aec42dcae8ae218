package org.orrery.experiments.run;

import java.util.ArrayList;
import java.util.List;

import org.orrery.model.cluster.Node;
import org.orrery.model.inference.ServingInstance;

/**
 * End-of-run checks that recompute totals from primary records. Requests are conserved, the
 * energy of the cluster account equals the sum of the energy of each instance and each unallocated
 * GPU, the time bins add up to the totals, and no server has more GPUs allocated than it has. A mismatch
 * is a bug in Orrery, so it fails the run as an internal error.
 */
final class RunAudit {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private RunAudit() {
    }

    static void check(RunResult result, long arrived, List<ServingInstance> instances) {
        List<String> failures = new ArrayList<>();
        long completed = result.statistics().completed();
        long rejected = result.statistics().rejected();
        long inFlight = instances.stream().mapToLong(i -> i.waitingCount() + i.runningCount()).sum();
        if (arrived != completed + rejected + inFlight || inFlight != 0) {
            failures.add("requests: arrived " + arrived + " != completed " + completed + " + rejected " + rejected
                    + " + in flight " + inFlight + " (in flight must be 0 after the run)");
        }

        double end = result.simulatedSeconds();
        double instanceJoules = instances.stream().mapToDouble(i -> i.power().gpuEnergyJoules(end)).sum();
        double unallocatedJoules = 0;
        for (Node node : result.cluster().nodes()) {
            int free = node.server().acceleratorCount() - node.allocatedGpus();
            unallocatedJoules += free * node.server().accelerator().idlePowerWatts() * end;
            if (free < 0) {
                failures.add("capacity: node " + node.index() + " has " + node.allocatedGpus() + " GPUs allocated of "
                        + node.server().acceleratorCount());
            }
        }
        checkClose(failures, "GPU energy (account vs instances + unallocated)", result.power().gpuEnergyJoules(),
                instanceJoules + unallocatedJoules);

        double binned = 0;
        for (int i = 0; i < result.power().gpuWatts().binCount(); i++) {
            binned += result.power().gpuWatts().binIntegral(i);
        }
        checkClose(failures, "GPU energy (total vs time bins)", result.power().gpuEnergyJoules(), binned);

        if (!failures.isEmpty()) {
            throw new IllegalStateException("end-of-run audit failed: " + String.join("; ", failures));
        }
    }

    private static void checkClose(List<String> failures, String what, double expected, double actual) {
        double scale = Math.max(1.0, Math.abs(expected));
        if (Math.abs(expected - actual) > RELATIVE_TOLERANCE * scale) {
            failures.add(what + ": " + expected + " != " + actual);
        }
    }
}
