package com.wacampaigns.gateway.csv;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import com.wacampaigns.gateway.recipient.RecipientProblem;

/**
 * What became of a file's rows, as the import answers.
 *
 * @param imported rows written, suppressed ones included
 * @param skipped of those, numbers on the suppression list (SKIPPED)
 * @param rejected rows not imported
 * @param errors the first problems, by line
 * @param report where every problem can be downloaded
 */
public record ImportReport(long imported, long skipped, long rejected, List<LineError> errors, String report) {

	/**
	 * One row's problem.
	 *
	 * @param line the row's number in the file, the header being line 1 (a quoted field
	 * over several lines is one row)
	 * @param value the phone as written, or null when the problem is the whole row's
	 * @param kind what the problem is, for code; the JSON has the reason only
	 */
	public record LineError(long line, String value, @JsonIgnore RecipientProblem.Kind kind, String reason) {

		static LineError of(long line, String value, RecipientProblem problem) {
			return new LineError(line, value, problem.kind(), problem.reason());
		}

	}

}
