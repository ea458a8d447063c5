package com.wacampaigns.common.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * How a batch listener names the record of its batch that can never be processed, so that
 * the project's one error handler ({@link KafkaFailureAutoConfiguration}) dead-letters
 * that record, commits the ones before it and redelivers the rest.
 */
public final class PoisonRecords {

	private PoisonRecords() {
	}

	/**
	 * Hands a batch's values to {@code apply}, in order, keeping poison out of it. The
	 * first record that is poison stops the batch there: the values before it are
	 * applied, and it is thrown as a {@link BatchListenerFailedException} with a
	 * {@link PoisonRecordException}. A record is poison when
	 * <ul>
	 * <li>it could not be read (the deserializer gave up and left {@code null}: the
	 * dead-letter topic gets the bytes that came);</li>
	 * <li>{@code problemOf} names what is wrong with its value (it gives {@code null} for
	 * a good one);</li>
	 * <li>the database refuses it ({@link DataIntegrityViolationException}: bad text, a
	 * number out of range), found by applying the values one at a time once the batch as
	 * a whole was refused.</li>
	 * </ul>
	 * Any other failure (the database away) fails the whole batch, to be tried again:
	 * {@code apply} must be idempotent.
	 */
	public static <T> void apply(List<ConsumerRecord<String, T>> records, Function<T, String> problemOf,
			Consumer<List<T>> apply) {
		applyRecords(records, problemOf, (good) -> apply.accept(good.stream().map(ConsumerRecord::value).toList()));
	}

	/**
	 * As {@link #apply}, for a listener that needs the records themselves (their
	 * partition and offset), not only their values.
	 */
	public static <T> void applyRecords(List<ConsumerRecord<String, T>> records, Function<T, String> problemOf,
			Consumer<List<ConsumerRecord<String, T>>> apply) {
		List<ConsumerRecord<String, T>> good = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, T> record = records.get(i);
			T value = record.value();
			String problem = (value != null) ? problemOf.apply(value) : "Not readable as what its topic carries";
			if (problem != null) {
				applyFindingPoison(good, apply);
				throw new BatchListenerFailedException(problem, new PoisonRecordException(problem), i);
			}
			good.add(record);
		}
		applyFindingPoison(good, apply);
	}

	/** Values are the batch's first records, so a value's index is its record's. */
	private static <T> void applyFindingPoison(List<T> values, Consumer<List<T>> apply) {
		if (values.isEmpty()) {
			return;
		}
		try {
			apply.accept(values);
		}
		catch (DataIntegrityViolationException batchFailure) {
			for (int i = 0; i < values.size(); i++) {
				try {
					apply.accept(List.of(values.get(i)));
				}
				catch (DataIntegrityViolationException ex) {
					String reason = "Refused by the database: " + ex.getMostSpecificCause().getMessage();
					throw new BatchListenerFailedException(reason, new PoisonRecordException(reason, ex), i);
				}
			}
		}
	}

}
