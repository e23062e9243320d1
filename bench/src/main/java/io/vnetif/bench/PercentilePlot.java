package io.vnetif.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A latency distribution as HdrHistogram draws it: round-trip time against percentile on a log scale
 * of 1 / (1 − p), so the median, p99 and p99.9 are equally far apart and the tail is visible. One line
 * per path, written as a PNG.
 */
final class PercentilePlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** Percentiles beyond this are a handful of samples: not drawn. */
    private static final double LAST_PERCENTILE = 99.99;

    private final XYSeriesCollection lines = new XYSeriesCollection();
    private final String title;

    PercentilePlot(String title) {
        this.title = title;
        System.setProperty("java.awt.headless", "true"); // drawn into an image, on machines without a display
    }

    /** Adds the distribution of {@code nanos} as a line named {@code name}, in microseconds. */
    void add(String name, Histogram nanos) {
        XYSeries line = new XYSeries(name, false);
        for (HistogramIterationValue v : nanos.percentiles(5)) {
            double percentile = v.getPercentileLevelIteratedTo();
            if (percentile > LAST_PERCENTILE) {
                break;
            }
            line.add(1 / (1 - percentile / 100), v.getValueIteratedTo() / 1000.0);
        }
        lines.addSeries(line);
    }

    void writePng(Path file) throws IOException {
        LogAxis percentile = new LogAxis("percentile, as 1 / (1 - p): 2 = p50, 100 = p99, 1000 = p99.9");
        percentile.setBase(10);
        percentile.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        LogAxis micros = new LogAxis("round trip, µs (log)"); // the body and a tail 100 times longer on one chart
        micros.setBase(10);
        micros.setTickUnit(new NumberTickUnit(1));
        XYPlot plot = new XYPlot(lines, percentile, micros, new XYLineAndShapeRenderer(true, false));
        Files.createDirectories(file.getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), WIDTH, HEIGHT);
    }
}
