package met.digest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/** The digest's activity chart: meetings bucket by bucket, this period against the previous one, as a PNG. */
public final class DigestChart {
    static {
        // A server has no display: Java2D renders into memory only. Set before any AWT class loads.
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 400;
    private static final Color CURRENT = new Color(0x2f, 0x48, 0x58);  // the app's colour in the manifest
    private static final Color PREVIOUS = new Color(0xb8, 0xc4, 0xcc);
    private static final Color GRID = new Color(0xe6, 0xe9, 0xec);
    private static final Color INK = new Color(0x1d, 0x1c, 0x1d);

    private DigestChart() {
    }

    public static byte[] png(Digest d) {
        Digest.Activity activity = d.activity();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        String current = d.period().label();
        String previous = d.period().previous().label();
        for (int i = 0; i < activity.buckets().size(); i++) {
            data.addValue(activity.current().get(i), current, activity.buckets().get(i));
            data.addValue(activity.previous().get(i), previous, activity.buckets().get(i));
        }
        JFreeChart chart = ChartFactory.createBarChart(null, d.period().isWeek() ? "Day" : "Days of the month", "Meetings",
                data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        TextTitle title = new TextTitle(DigestBlocks.chartTitle(d), new Font(Font.SANS_SERIF, Font.BOLD, 16));
        title.setPaint(INK);
        chart.setTitle(title);
        chart.getLegend().setFrame(BlockBorder.NONE);
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));

        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        plot.getDomainAxis().setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        NumberAxis counts = (NumberAxis) plot.getRangeAxis();
        counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // meetings are whole
        counts.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        counts.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        counts.setUpperMargin(0.15); // room for the value labels above the bars

        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter()); // flat, no gradient or shadow
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        bars.setSeriesPaint(0, CURRENT);
        bars.setSeriesPaint(1, PREVIOUS);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                Number value = dataset.getValue(row, column);
                return value == null || value.intValue() == 0 ? null : super.generateLabel(dataset, row, column); // no "0" over empty days
            }
        });
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        bars.setDefaultItemLabelPaint(INK);
        try {
            // Opaque: a quarter less to encode than the default ARGB, and encoding is most of a chart's cost.
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // encoding into memory does no I/O that can fail
        }
    }
}
