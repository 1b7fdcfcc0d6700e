package dev.vectorprop.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The one local Spark session of the tests: two cores, and a failed task is retried up to three times. */
final class Spark {
    static final SparkSession SESSION = SparkSession.builder().master("local[2,4]").appName("vectorprop-tests")
            .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    static final JavaSparkContext CONTEXT = JavaSparkContext.fromSparkContext(SESSION.sparkContext());

    private Spark() {
    }
}
