package dev.vectorprop.data;

/** What to do with an empty or non-numeric cell in a numeric column. */
public enum MissingValues {
    /** Stop with an error naming the line and column. */
    ERROR,
    /** Leave the row out, and count it. */
    DROP,
    /** Fill it with the column's mean over the training split (see {@link Table#impute}). */
    MEAN
}
