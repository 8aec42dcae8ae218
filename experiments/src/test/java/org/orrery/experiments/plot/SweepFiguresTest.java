package org.orrery.experiments.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepFiguresTest {
    @Test
    void paretoFrontKeepsUndominatedPoints() {
        // (1, 9) and (2, 5) and (4, 1) trade latency for energy; (3, 6) is beaten by (2, 5), and
        // (5, 1) by (4, 1), which has the same energy at lower latency.
        List<double[]> front = SweepFigures.paretoFront(List.of(new double[] {3, 6}, new double[] {1, 9},
                new double[] {5, 1}, new double[] {2, 5}, new double[] {4, 1}));

        assertThat(front).extracting(point -> point[0]).containsExactly(1.0, 2.0, 4.0);
    }

    @Test
    void drawsEveryFigureOfTwoAxisSweep(@TempDir Path sweep) throws Exception {
        Files.writeString(sweep.resolve("sweep.json"), """
                {"axes": ["serving.instances", "power.pue"]}
                """);
        Files.writeString(sweep.resolve("sweep-summary.csv"), """
                scenario,serving.instances,power.pue,seeds,latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95,energy_j.facility.mean,energy_j.facility.ci95
                000,1,1.1,2,9.5,0.5,3600000,
                001,1,1.3,2,9.0,0.25,4000000,100000
                002,2,1.1,2,4.0,0.1,7200000,0
                003,2,1.3,2,4.5,0.1,8000000,0
                """);

        SweepFigures.Drawn drawn = SweepFigures.draw(sweep, sweep.resolve("figures"));
        List<Path> written = drawn.files();

        assertThat(drawn.skipped()).isEmpty();
        assertThat(written).extracting(path -> path.getFileName().toString()).containsExactlyInAnyOrder(
                "scenario_e2e_p99.png", "scenario_e2e_p99.svg", "scenario_e2e_p99.pdf", "scenario_energy.png",
                "scenario_energy.svg", "scenario_energy.pdf", "heatmap_e2e_p99.png", "heatmap_e2e_p99.svg",
                "heatmap_e2e_p99.pdf", "pareto_energy_e2e_p99.png", "pareto_energy_e2e_p99.svg",
                "pareto_energy_e2e_p99.pdf");
        assertThat(written).allSatisfy(path -> assertThat(path).isNotEmptyFile());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(sweep.resolve("figures/heatmap_e2e_p99.png").toFile());
        assertThat(png.getWidth()).isEqualTo(ChartStyle.WIDTH);
        assertThat(png.getHeight()).isEqualTo(ChartStyle.HEIGHT);
        assertThat(svgRoot(sweep.resolve("figures/scenario_energy.svg"))).isEqualTo("svg");
        assertThat(Files.readString(sweep.resolve("figures/scenario_energy.pdf"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("%PDF-").contains("%%EOF");
    }

    @Test
    void oneAxisSweepHasNoHeatmap(@TempDir Path sweep) throws Exception {
        Files.writeString(sweep.resolve("sweep.json"), "{\"axes\": [\"serving.router\"]}\n");
        Files.writeString(sweep.resolve("sweep-summary.csv"), """
                scenario,serving.router,seeds,latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95
                000,round-robin,1,9.5,
                001,least-outstanding-tokens,1,9.0,
                """);

        SweepFigures.Drawn drawn = SweepFigures.draw(sweep, sweep.resolve("figures"));

        assertThat(drawn.files()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("scenario_e2e_p99.png", "scenario_e2e_p99.svg", "scenario_e2e_p99.pdf");
        assertThat(drawn.skipped()).containsExactly(
                new SweepFigures.Skipped("scenario_energy", "sweep-summary.csv has no column energy_j.facility.mean"),
                new SweepFigures.Skipped("heatmap_e2e_p99",
                        "it needs two numeric axes, but the sweep has none, and serving.router has text values"),
                new SweepFigures.Skipped("pareto_energy_e2e_p99",
                        "sweep-summary.csv has no column energy_j.facility.mean"));
    }

    @Test
    void textAxisNamedWhenHeatmapSkipped(@TempDir Path sweep) throws Exception {
        Files.writeString(sweep.resolve("sweep.json"), "{\"axes\": [\"serving.instances\", \"power.gpu_cap_w\"]}\n");
        Files.writeString(sweep.resolve("sweep-summary.csv"), """
                scenario,serving.instances,power.gpu_cap_w,seeds,latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95
                000,1,0,1,9.5,
                001,1,400 W,1,9.0,
                """);

        SweepFigures.Drawn drawn = SweepFigures.draw(sweep, sweep.resolve("figures"));

        assertThat(drawn.skipped()).contains(new SweepFigures.Skipped("heatmap_e2e_p99",
                "it needs two numeric axes, but the sweep has only serving.instances, and power.gpu_cap_w has text "
                        + "values"));
        assertThat(drawn.skipped().get(0).toString()).isEqualTo(
                "scenario_energy not drawn: sweep-summary.csv has no column energy_j.facility.mean");
    }

    @Test
    void emptyLatencySkipsLatencyFigures(@TempDir Path sweep) throws Exception {
        Files.writeString(sweep.resolve("sweep.json"), "{\"axes\": [\"serving.instances\", \"power.pue\"]}\n");
        Files.writeString(sweep.resolve("sweep-summary.csv"), """
                scenario,serving.instances,power.pue,seeds,latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95,energy_j.facility.mean,energy_j.facility.ci95
                000,1,1.1,1,,,3600000,
                001,2,1.3,1,,,4000000,
                """);

        SweepFigures.Drawn drawn = SweepFigures.draw(sweep, sweep.resolve("figures"));

        String reason = "no scenario has a value of latency_s.e2e.p99.mean (an empty cell: for latency, no request "
                + "completed)";
        assertThat(drawn.skipped()).containsExactly(new SweepFigures.Skipped("scenario_e2e_p99", reason),
                new SweepFigures.Skipped("heatmap_e2e_p99", reason),
                new SweepFigures.Skipped("pareto_energy_e2e_p99", reason));
        assertThat(drawn.files()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("scenario_energy.png", "scenario_energy.svg", "scenario_energy.pdf");
    }

    @Test
    void paretoSkippedWithoutCommonScenario(@TempDir Path sweep) throws Exception {
        Files.writeString(sweep.resolve("sweep.json"), "{\"axes\": []}\n");
        Files.writeString(sweep.resolve("sweep-summary.csv"), """
                scenario,seeds,latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95,energy_j.facility.mean,energy_j.facility.ci95
                000,1,9.5,,,
                001,1,,,4000000,
                """);

        SweepFigures.Drawn drawn = SweepFigures.draw(sweep, sweep.resolve("figures"));

        assertThat(drawn.skipped()).containsExactly(
                new SweepFigures.Skipped("heatmap_e2e_p99", "it needs two numeric axes, but the sweep has no axes"),
                new SweepFigures.Skipped("pareto_energy_e2e_p99",
                        "no scenario has both latency_s.e2e.p99.mean and energy_j.facility.mean"));
    }

    @Test
    void axisLabelGivesUnitOfKey() {
        assertThat(SweepFigures.axisLabel("power.gpu_cap_w")).isEqualTo("power.gpu_cap_w (W)");
        assertThat(SweepFigures.axisLabel("output.timeseries_interval_s")).isEqualTo("output.timeseries_interval_s (s)");
        assertThat(SweepFigures.axisLabel("scheduler.kv_cache_bytes")).isEqualTo("scheduler.kv_cache_bytes (B)");
        assertThat(SweepFigures.axisLabel("serving.instances")).isEqualTo("serving.instances");
        assertThat(SweepFigures.axisLabel("trace.requests_per_s")).isEqualTo("trace.requests_per_s");
    }

    @Test
    void runFiguresCompareRuns(@TempDir Path folder) throws Exception {
        for (String run : List.of("a", "b")) {
            Path directory = Files.createDirectories(folder.resolve(run));
            Files.writeString(directory.resolve("requests.csv"), """
                    request_id,status,ttft_s,tpot_s,e2e_s
                    0,completed,0.1,0.02,1.5
                    1,rejected,,,
                    2,completed,0.2,,2.5
                    """);
            Files.writeString(directory.resolve("timeseries.csv"), """
                    time_s,interval_s,facility_power_w
                    0,60,12000
                    60,30,11000
                    """);
        }

        SweepFigures.Drawn drawn = RunFigures.draw(List.of(folder.resolve("a"), folder.resolve("b")),
                folder.resolve("out"));

        assertThat(drawn.skipped()).isEmpty();
        assertThat(drawn.files()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("latency_cdf.png", "latency_cdf.svg", "latency_cdf.pdf", "power.png",
                        "power.svg", "power.pdf");
        assertThat(svgRoot(folder.resolve("out/latency_cdf.svg"))).isEqualTo("svg");
    }

    @Test
    void runFiguresLeaveOutRunWithoutRequests(@TempDir Path folder) throws Exception {
        writeRun(folder.resolve("a"), true);
        writeRun(folder.resolve("b"), false);

        SweepFigures.Drawn drawn = RunFigures.draw(List.of(folder.resolve("a"), folder.resolve("b")),
                folder.resolve("out"));

        assertThat(drawn.files()).extracting(path -> path.getFileName().toString())
                .contains("latency_cdf.svg", "power.svg");
        assertThat(drawn.skipped()).extracting(SweepFigures.Skipped::figure).containsExactly("latency_cdf line of b");
        assertThat(drawn.skipped().get(0).reason()).contains(folder.resolve("b") + " has no requests.csv")
                .contains("output.requests: true");
    }

    @Test
    void runFiguresWithoutAnyRequests(@TempDir Path folder) throws Exception {
        writeRun(folder.resolve("a"), false);
        writeRun(folder.resolve("b"), false);

        SweepFigures.Drawn drawn = RunFigures.draw(List.of(folder.resolve("a"), folder.resolve("b")),
                folder.resolve("out"));

        assertThat(drawn.files()).extracting(path -> path.getFileName().toString())
                .containsExactlyInAnyOrder("power.png", "power.svg", "power.pdf");
        assertThat(drawn.skipped()).extracting(SweepFigures.Skipped::figure).containsExactly("latency_cdf");
        assertThat(drawn.skipped().get(0).reason()).startsWith("none of the runs has requests.csv");
    }

    private static void writeRun(Path directory, boolean requests) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("summary.json"), "{}\n");
        Files.writeString(directory.resolve("timeseries.csv"), """
                time_s,interval_s,facility_power_w
                0,60,12000
                60,30,11000
                """);
        if (requests) {
            Files.writeString(directory.resolve("requests.csv"), """
                    request_id,status,ttft_s,tpot_s,e2e_s
                    0,completed,0.1,0.02,1.5
                    """);
        }
    }

    @Test
    void cdfSkipsRejectedAndUndefined() {
        // Completed values 1.5 and 2.5 only: the CDF steps to 1/2 at 1.5 and to 1 at 2.5.
        var series = RunFigures.cdf("e2e", new double[] {1.5, Double.NaN, 2.5}, List.of("completed", "rejected",
                "completed"));

        assertThat(series.getItemCount()).isEqualTo(2);
        assertThat(series.getX(0).doubleValue()).isEqualTo(1.5);
        assertThat(series.getY(0).doubleValue()).isEqualTo(0.5);
        assertThat(series.getY(1).doubleValue()).isEqualTo(1.0);
    }

    /** Parses an SVG file as XML, without fetching its DTD, and returns the name of its root element. */
    private static String svgRoot(Path file) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement().getTagName();
    }
}
