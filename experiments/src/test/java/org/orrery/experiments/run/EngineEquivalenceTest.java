package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.core.EngineKind;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.output.ResultWriter;

/** The same config and seed give byte-identical result files on every engine and on a repeated run. */
class EngineEquivalenceTest {

    @Test
    void resultFilesAreIdenticalAcrossEngines(@TempDir Path directory) throws IOException {
        Experiment experiment = ConfigLoader.bundled().load(Path.of("configs/quickstart.yaml"), null,
                List.of("trace.max_requests=3000", "output.figures=false", "serving.instances=2"));

        Path orrery = write(experiment, EngineKind.ORRERY, directory.resolve("orrery"));
        Path again = write(experiment, EngineKind.ORRERY, directory.resolve("orrery-again"));
        Path stock = write(experiment, EngineKind.DSOL_STOCK, directory.resolve("dsol-stock"));
        Path queue = write(experiment, EngineKind.DSOL_PRIORITY_QUEUE, directory.resolve("dsol-priority-queue"));

        for (String file : List.of("summary.json", "requests.csv", "timeseries.csv")) {
            String expected = Files.readString(orrery.resolve(file));
            assertThat(Files.readString(again.resolve(file))).as("repeated run, " + file).isEqualTo(expected);
            assertThat(Files.readString(stock.resolve(file))).as("dsol-stock, " + file).isEqualTo(expected);
            assertThat(Files.readString(queue.resolve(file))).as("dsol-priority-queue, " + file).isEqualTo(expected);
        }
    }

    private static Path write(Experiment experiment, EngineKind engine, Path directory) throws IOException {
        ResultWriter.write(ScenarioRunner.run(experiment, engine), directory);
        return directory;
    }
}
