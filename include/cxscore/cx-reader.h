/* SPDX-License-Identifier: MIT */
/**
 * @file cx-reader.h
 * @brief Streaming CSV reader for survey exports (RFC 4180).
 *
 * @defgroup reader CSV reader
 * @ingroup read
 * @brief A streaming RFC 4180 reader: header row, rows one at a time or in batches, malformed
 *        records counted and reported with their line (cx-reader.h).
 *
 * The reader pulls input in blocks and holds one record at a time, so memory stays constant
 * whatever the file size (bounded by the longest record, see cx_reader_set_max_record_size()).
 *
 * Accepted input (RFC 4180 plus what real exports do):
 * - fields separated by a comma (or another byte, cx_reader_set_delimiter()); records end with
 *   CRLF, LF or a lone CR; the last record may lack a line ending;
 * - fields in double quotes may hold delimiters, quotes (doubled: `""`) and line breaks;
 * - a UTF-8 byte-order mark at the start is skipped;
 * - the first record is the header: column names, addressed with cx_reader_column_index();
 * - a quote inside an unquoted field is kept as a literal character (a field 7" is the text 7").
 *
 * Malformed records are never dropped silently nor merged into the next one: cx_reader_next()
 * returns #CX_E_MALFORMED_ROW for each, counts it, keeps the line number and a message
 * (cx_reader_error_line(), cx_reader_error_message()), and the next call reads on. A record is
 * malformed when it has a different number of fields than the header, when a closing quote is
 * followed by something other than a delimiter or line end, when a quoted field is still open at
 * the end of input, or when it is longer than the maximum record size.
 *
 * A record that is entirely empty (a blank line) is a record with one empty field: with a
 * one-column header it is a row whose cell is missing; otherwise it is malformed.
 *
 * Threads: a reader is used by one thread at a time (cxscore.h, @ref rules_threads), and that
 * includes freeing it: cx_reader_free() while another thread is inside cx_reader_next() or
 * cx_reader_next_batch() frees memory that call is using. The field pointers of a row (and of a
 * batch) stay valid only until the next call on the reader. A read callback is called from inside
 * cx_reader_next() and its siblings, on the calling thread, and must not free the reader that
 * calls it. Readers are independent: several threads may each read their own. (A binding that
 * lets several threads share one reader must serialize the calls, as the Python binding's lock
 * does.)
 *
 * Opening follows the library's constructor shape with one exception: an opener that fails to
 * read the input still hands out the reader, so that cx_reader_error_message() can say why
 * (cxscore.h, @ref rules_constructors). Cells are length-given bytes (@ref rules_text).
 * @{
 */
#ifndef CXSCORE_CX_READER_H
#define CXSCORE_CX_READER_H

#include <cxscore/cx-cell.h>
#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque CSV reader. */
typedef struct CxReader CxReader;

/**
 * A source of bytes for cx_reader_open_callback().
 * @param user_data the pointer given to cx_reader_open_callback().
 * @param buf       where to put up to @p capacity bytes.
 * @param capacity  the size of @p buf in bytes (at least 1).
 * @return the number of bytes written (0 at end of input), or −1 on a read error. A fixed-width
 *         type, so that FFI callers (ctypes' c_int64) declare it the same on every platform.
 */
typedef int64_t (*CxReadFunc)(void *user_data, char *buf, size_t capacity);

/**
 * Opens a CSV file and reads its header row.
 * @param path a file name; "-" is NOT special here (the CLI maps it to standard input).
 * @param out  receives the reader (free with cx_reader_free()); on failure, NULL.
 * @return #CX_OK; #CX_E_IO if the file cannot be opened or read; #CX_E_NO_HEADER if it is empty;
 *         #CX_E_MALFORMED_ROW if the header itself is malformed (e.g. unterminated quote);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_NO_MEMORY. With #CX_E_IO, #CX_E_NO_HEADER and
 *         #CX_E_MALFORMED_ROW, a reader is still returned in @p out so that the error can be read
 *         with cx_reader_error_message(); free it.
 * @since 0.1
 */
CX_EXPORT int cx_reader_open_path(const char *path, CxReader **out);

/**
 * Opens a reader on a file descriptor (e.g. 0 for standard input) and reads the header.
 * @param fd       an open, readable descriptor.
 * @param close_fd non-zero: cx_reader_free() closes @p fd.
 * @param out      receives the reader (free with cx_reader_free()), as for cx_reader_open_path().
 * @return as cx_reader_open_path().
 * @since 0.1
 */
CX_EXPORT int cx_reader_open_fd(int fd, int close_fd, CxReader **out);

/**
 * Opens a reader on a buffer in memory and reads the header. The buffer is not copied: keep it
 * alive and unchanged until cx_reader_free().
 * @param data the CSV text; NULL only if @p len is 0.
 * @param len  its length in bytes.
 * @param out  receives the reader (free with cx_reader_free()), as for cx_reader_open_path().
 * @return as cx_reader_open_path().
 * @since 0.1
 */
CX_EXPORT int cx_reader_open_memory(const char *data, size_t len, CxReader **out);

/**
 * Opens a reader that pulls bytes from a callback and reads the header. Any split of the input
 * into blocks (even one byte per call) gives the same rows.
 * @param read_func the source of bytes, called until it returns 0 or −1.
 * @param user_data passed to every call of @p read_func.
 * @param out       receives the reader (free with cx_reader_free()), as for cx_reader_open_path().
 * @return as cx_reader_open_path().
 * @since 0.1
 */
CX_EXPORT int cx_reader_open_callback(CxReadFunc read_func, void *user_data, CxReader **out);

/**
 * Frees a reader, closing its file when it opened one (or was asked to, cx_reader_open_fd()).
 * @param reader the reader, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_reader_free(CxReader *reader);

/**
 * Sets the longest record accepted, in bytes (default 8 MiB). A longer record is skipped to its
 * end and reported as malformed; memory use is bounded by this size.
 * @param reader the reader.
 * @param bytes  the longest record, in bytes (≥ 64).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for NULL or a size below 64 bytes.
 * @since 0.1
 */
CX_EXPORT int cx_reader_set_max_record_size(CxReader *reader, size_t bytes);

/**
 * Sets the field delimiter and reads the header again with it: for exports that separate fields
 * with ';' (spreadsheets in locales that write a decimal comma), a tab, or '|'. The openers read
 * the header with ','; call this right after opening, before reading any row. It may be called
 * again (the header is kept, never read twice from the input), and works on every kind of input,
 * standard input included.
 * @param reader    the reader.
 * @param delimiter any byte but the double quote, the line ends LF and CR, and NUL.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for NULL, a refused byte, or a reader that has read a
 *         row (or met a malformed one, or the end); otherwise what reading the header gives, as
 *         cx_reader_open_path() (#CX_E_NO_HEADER, #CX_E_MALFORMED_ROW, #CX_E_IO,
 *         #CX_E_NO_MEMORY), with the message in cx_reader_error_message(). A header that failed
 *         with ',' may succeed with the right delimiter.
 * @since 0.1
 */
CX_EXPORT int cx_reader_set_delimiter(CxReader *reader, char delimiter);

/** @return the default maximum record size in bytes (8 MiB). @since 0.1 */
CX_EXPORT size_t cx_reader_default_max_record_size(void);

/**
 * The number of columns.
 * @param reader the reader.
 * @return the number of columns in the header, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_reader_column_count(const CxReader *reader);

/**
 * Name of a column, as written in the header (quotes removed). A NUL byte inside a name, which
 * would end the C string early, is given as U+FFFD, so a name is matched only in full
 * (cx_reader_column_index()): "ch" never names a column "ch<NUL>an".
 * @param reader the reader.
 * @param index  a 0-based column index.
 * @return a NUL-terminated string owned by the reader, valid until cx_reader_free(); NULL if
 *         @p index is out of range.
 * @since 0.1
 */
CX_EXPORT const char *cx_reader_column_name(const CxReader *reader, size_t index);

/**
 * Finds a column by exact, case-sensitive name.
 * @param reader the reader.
 * @param name   the NUL-terminated name.
 * @param index receives the 0-based column index.
 * @return #CX_OK, #CX_E_COLUMN_NOT_FOUND, #CX_E_COLUMN_DUPLICATE (the name appears more than
 *         once; @p index gets the first), or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_reader_column_index(const CxReader *reader, const char *name, size_t *index);

/**
 * Reads the next data record.
 * @param reader the reader.
 * @return #CX_ROW when a row is available (read it with cx_reader_field());
 *         #CX_DONE at the end of input (and on every later call);
 *         #CX_E_MALFORMED_ROW when the record was malformed: it is counted and its fields are not
 *         available; call again to go on;
 *         #CX_E_NO_MEMORY when the record could not be held in memory: it is skipped, counted
 *         with the malformed records and named in cx_reader_error_message(); call again to go
 *         on;
 *         #CX_E_IO on a read error (final); #CX_E_INVALID_ARGUMENT for NULL.
 * @since 0.1
 */
CX_EXPORT int cx_reader_next(CxReader *reader);

/**
 * A field of the current row.
 * @param reader the reader.
 * @param column a 0-based column index.
 * @param text receives a pointer to the field's text with quotes resolved, NUL-terminated
 *             (a field may itself contain NUL bytes: use @p len). Valid until the next
 *             cx_reader_next() or cx_reader_free().
 * @param len  receives its length in bytes (may be NULL).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT if there is no current row or @p column is out of
 *         range.
 * @since 0.1
 */
CX_EXPORT int cx_reader_field(const CxReader *reader, size_t column, const char **text,
                              size_t *len);

/**
 * Parses a field of the current row with cx_cell_parse_number().
 * @param reader the reader.
 * @param column a 0-based column index.
 * @param value  receives the number when the result is #CX_CELL_NUMBER (may be NULL).
 * @return a #CxCellKind, or #CX_E_INVALID_ARGUMENT as cx_reader_field().
 * @since 0.1
 */
CX_EXPORT int cx_reader_field_number(const CxReader *reader, size_t column, double *value);

/**
 * Reads up to @p max_rows data records at once and hands out the cells of the chosen columns:
 * the fast way to scan a large export (see the README's performance section).
 *
 * Records that are plain — no quote character, ending in LF or CRLF, as many fields as the header —
 * are split in place from a structural index built with vector instructions, without copying;
 * every other record (quoted fields, a lone CR, a malformed row, a record across two reads) goes
 * through the same parser as cx_reader_next(), so both functions return the same cells, rows,
 * line numbers, errors and counts for any input, and calls to the two may be mixed.
 *
 * @param reader    the reader.
 * @param columns   the 0-based indexes of the columns wanted (cx_reader_column_index()), in
 *                  the order wanted; a column may appear more than once.
 * @param n_columns how many entries @p columns has (≥ 1).
 * @param max_rows  the most records to return (≥ 1); a batch may hold fewer before the end.
 * @param text      an array of @p max_rows × @p n_columns pointers, filled row by row: the cell
 *                  of row r, wanted column c is text[r × n_columns + c]. A cell is NOT
 *                  NUL-terminated (use @p len); it stays valid until the next call on the reader
 *                  (cx_reader_next(), cx_reader_next_batch(), cx_reader_free()).
 * @param len       an array of the same size, receiving the cells' lengths in bytes.
 * @param rows      receives the number of records in the batch (0 unless #CX_ROW).
 * @return #CX_ROW when @p rows ≥ 1 records were read; #CX_DONE at the end of input;
 *         #CX_E_MALFORMED_ROW when the next record is malformed: it is counted and reported as by
 *         cx_reader_next() (a batch stops before a malformed record, so no row is lost and each
 *         error keeps its line); call again to go on; #CX_E_IO on a read error (final);
 *         #CX_E_NO_MEMORY; #CX_E_INVALID_ARGUMENT for NULL, zero @p n_columns or @p max_rows, or a
 *         column out of range. After a batch, cx_reader_field() has no current row and
 *         cx_reader_line() gives the line of the batch's last record.
 * @since 0.1
 */
CX_EXPORT int cx_reader_next_batch(CxReader *reader, const size_t *columns, size_t n_columns,
                                   size_t max_rows, const char **text, size_t *len,
                                   size_t *rows);

/**
 * @param reader the reader.
 * @return the line (1-based) where the current or last record started, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT uint64_t cx_reader_line(const CxReader *reader);

/**
 * @param reader the reader.
 * @return the number of data rows returned as #CX_ROW so far (by either next function), or 0
 *         for NULL.
 * @since 0.1
 */
CX_EXPORT uint64_t cx_reader_row_count(const CxReader *reader);

/**
 * @param reader the reader.
 * @return the number of malformed records met so far (header excluded), or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT uint64_t cx_reader_malformed_count(const CxReader *reader);

/**
 * Detail of the last error or malformed record, e.g. "line 12: 5 fields, expected 4".
 * @param reader the reader.
 * @return a NUL-terminated string owned by the reader (valid until the next call on it), or ""
 *         if there was none (also for NULL).
 * @since 0.1
 */
CX_EXPORT const char *cx_reader_error_message(const CxReader *reader);

/**
 * @param reader the reader.
 * @return the line (1-based) of the last error or malformed record, 0 if none (or for NULL).
 * @since 0.1
 */
CX_EXPORT uint64_t cx_reader_error_line(const CxReader *reader);

/**
 * @name Real exports (0.2)
 * Options given before the header is read: the input's encoding, rows above the header, header
 * rows, the delimiter and the survey platform's profile; then, on the open reader, columns found
 * by their question text, cells of chosen columns read by cell rules (cx-cell.h) as the reader
 * hands them out, and every rejected cell and malformed row reported (line, column, value,
 * reason). docs/input.md describes the platforms' export shapes.
 * @{
 */

/** Opaque reading options for the cx_reader_open_*_with() openers. @since 0.2 */
typedef struct CxReadOptions CxReadOptions;

/**
 * Creates reading options with the defaults: encoding "auto" (a UTF-16 LE/BE or UTF-8 byte-order
 * mark decides; otherwise UTF-8, checked: an invalid byte is an error), no row skipped, the
 * header rows and delimiter of the profile (1 and ',' without one), profile "auto".
 * @param out receives the options (free with cx_read_options_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_new(CxReadOptions **out);

/** Frees options (NULL is allowed). @param options the options. @since 0.2 */
CX_EXPORT void cx_read_options_free(CxReadOptions *options);

/**
 * Sets the input's character encoding. The reader converts it to UTF-8 as it streams, through
 * GLib's iconv (GIConv), in constant memory.
 * @param options the options.
 * @param charset an iconv name ("WINDOWS-1252", "ISO-8859-15", "UTF-16LE", "UTF-16" with its
 *                byte-order mark, "UTF-8"), or NULL / "auto" for the default.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for NULL options, a name longer than 63 bytes or one
 *         iconv does not know.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_encoding(CxReadOptions *options, const char *charset);

/**
 * What an undecodable byte does: 0 (the default) stops the reader with #CX_E_IO and a message
 * naming the line and the byte offset; 1 replaces it with U+FFFD and counts it
 * (cx_reader_replaced_count()).
 * @param options the options.
 * @param replace 0 or 1.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_encoding_errors(CxReadOptions *options, int replace);

/**
 * Sets the delimiter (as cx_reader_set_delimiter(), which readers opened with options refuse).
 * Options whose delimiter is not set use the profile's (';' for "excel", a tab for UTF-16
 * input, else ',').
 * @param options   the options.
 * @param delimiter any byte but the double quote, the line ends LF and CR, and NUL: the same
 *                  rule as cx_reader_set_delimiter().
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for NULL options or a refused byte (the options are
 *         left unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_delimiter(CxReadOptions *options, char delimiter);

/**
 * Records to skip before the header (a title, a note above the table).
 * @param options the options.
 * @param rows    the number of records (at most 1000).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_skip_rows(CxReadOptions *options, size_t rows);

/**
 * The number of header records: the first gives the column names, the others are kept
 * (cx_reader_header_cell()) and searched by cx_reader_find_column().
 * @param options the options.
 * @param rows    1–16, or 0 for the profile's (Qualtrics 3, SurveyMonkey 2, else 1).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_header_rows(CxReadOptions *options, size_t rows);

/**
 * Chooses the survey platform's profile: "qualtrics", "surveymonkey", "google-forms",
 * "typeform", "microsoft-forms", "excel"; "auto" (the default) detects it from the first
 * header row when exactly one profile's columns are there (never "excel"); "none" uses none.
 * A profile sets the header rows, the delimiter, the metadata columns (which
 * cx_reader_find_column() does not search by text) and, for SurveyMonkey, the option columns
 * of a single-choice question (cx_reader_choice_span()). A profile named here that does not
 * match the header fails the opening with #CX_E_MISMATCH and a message saying what was expected
 * and what was found.
 * @param options the options.
 * @param name    the profile's name.
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for NULL or an unknown name.
 * @since 0.2
 */
CX_EXPORT int cx_read_options_set_profile(CxReadOptions *options, const char *name);

/**
 * Opens a file with options (the options are copied: free them when you like).
 * @param path    the file.
 * @param options the options, or NULL for the defaults.
 * @param out     receives the reader, as cx_reader_open_path().
 * @return as cx_reader_open_path(), and #CX_E_MISMATCH for a profile that does not match,
 *         #CX_E_INVALID_ARGUMENT for an encoding iconv cannot open, #CX_E_IO for an
 *         undecodable byte in the header rows.
 * @since 0.2
 */
CX_EXPORT int cx_reader_open_path_with(const char *path, const CxReadOptions *options,
                                       CxReader **out);

/**
 * As cx_reader_open_fd(), with options.
 * @param fd the descriptor. @param close_fd non-zero: close it with the reader.
 * @param options the options, or NULL. @param out receives the reader.
 * @return as cx_reader_open_path_with().
 * @since 0.2
 */
CX_EXPORT int cx_reader_open_fd_with(int fd, int close_fd, const CxReadOptions *options,
                                     CxReader **out);

/**
 * As cx_reader_open_memory(), with options (the buffer is not copied; it is decoded as read).
 * @param data the bytes. @param len their length. @param options the options, or NULL.
 * @param out receives the reader.
 * @return as cx_reader_open_path_with().
 * @since 0.2
 */
CX_EXPORT int cx_reader_open_memory_with(const char *data, size_t len,
                                         const CxReadOptions *options, CxReader **out);

/**
 * As cx_reader_open_callback(), with options.
 * @param read_func the source of bytes. @param user_data passed to it.
 * @param options the options, or NULL. @param out receives the reader.
 * @return as cx_reader_open_path_with().
 * @since 0.2
 */
CX_EXPORT int cx_reader_open_callback_with(CxReadFunc read_func, void *user_data,
                                           const CxReadOptions *options, CxReader **out);

/**
 * @param reader the reader.
 * @return the profile in use ("qualtrics", …), "" for none (and for NULL); owned by the library.
 * @since 0.2
 */
CX_EXPORT const char *cx_reader_profile(const CxReader *reader);

/**
 * @param reader the reader.
 * @return the encoding read ("UTF-8", "UTF-16LE", "WINDOWS-1252", …); "" for a reader opened
 *         without options (bytes are passed through) and for NULL.
 * @since 0.2
 */
CX_EXPORT const char *cx_reader_encoding(const CxReader *reader);

/**
 * @param reader the reader.
 * @return how many undecodable bytes were replaced by U+FFFD so far (0 for NULL).
 * @since 0.2
 */
CX_EXPORT uint64_t cx_reader_replaced_count(const CxReader *reader);

/**
 * @param reader the reader.
 * @return the number of header records (1 for a reader opened without options, 0 for NULL).
 * @since 0.2
 */
CX_EXPORT size_t cx_reader_header_row_count(const CxReader *reader);

/**
 * A cell of a header record: row 0 is the column names (cx_reader_column_name()).
 * @param reader the reader. @param row the header record (0-based). @param column the column.
 * @return the NUL-terminated text, owned by the reader; NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_reader_header_cell(const CxReader *reader, size_t row, size_t column);

/**
 * Finds a column by its name, else by its question text: first the exact name (as
 * cx_reader_column_index()); then, among the columns that are not the profile's metadata, those
 * whose text in any header record contains @p query, ignoring case (Unicode case folding). The
 * option columns of a single-choice question (cx_reader_choice_span()) count as their first.
 * @param reader the reader. @param query the NUL-terminated name or text.
 * @param index  receives the column.
 * @return #CX_OK; #CX_E_COLUMN_NOT_FOUND; #CX_E_COLUMN_DUPLICATE when several columns match
 *         (cx_reader_error_message() lists them); #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_reader_find_column(CxReader *reader, const char *query, size_t *index);

/**
 * The number of columns a single-choice question spans when exported as one column per option
 * (SurveyMonkey: the question's text heads the first, the next ones have an empty name and the
 * option in the second header row): 1 + the empty-named columns after @p column, when the
 * reader has at least two header rows; else 1.
 * @param reader the reader. @param column the question's first column.
 * @return the span (0 for NULL or a column out of range).
 * @since 0.2
 */
CX_EXPORT size_t cx_reader_choice_span(const CxReader *reader, size_t column);

/**
 * Reads the cells of a column by cell rules as rows are handed out: cx_reader_field() and
 * cx_reader_next_batch() then give a number as plain decimal text ("10" for
 * "10 - Extremely likely", "0.53" for "0,53"), a missing cell as "", and a rejected cell as it
 * was, reported (cx_reader_set_reject_func()) and counted (cx_reader_column_counts()). A cell is
 * rejected when the rules do not read it, and when the number is outside [@p min, @p max] or,
 * with @p whole, not a whole number.
 * @param reader the reader (before its first row).
 * @param column the column.
 * @param rules  the rules, kept by reference (keep them alive and unchanged until
 *               cx_reader_free()); NULL for the defaults of cx_cell_rules_new().
 * @param min    the smallest valid number (−HUGE_VAL: none).
 * @param max    the largest (HUGE_VAL: none).
 * @param whole  non-zero: fractions are rejected.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, a column out of range, min > max, a reader
 *         that has read a row); #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_reader_set_number_column(CxReader *reader, size_t column,
                                          const CxCellRules *rules, double min, double max,
                                          int whole);

/**
 * Reads the cells of a column as points in time (cx_cell_rules_parse_time()): the reader hands
 * out cells that cx_cell_parse_time() reads as they are, other dates (the platforms' forms, a
 * date format) as ISO 8601 in UTC, "2026-01-05T11:00:00Z" (which cx_cell_parse_time() and
 * cx_period_from_date() read), a missing cell as "", and rejects the rest.
 * @param reader the reader (before its first row). @param column the column.
 * @param rules the rules, kept by reference as in cx_reader_set_number_column(), or NULL.
 * @return as cx_reader_set_number_column().
 * @since 0.2
 */
CX_EXPORT int cx_reader_set_time_column(CxReader *reader, size_t column,
                                        const CxCellRules *rules);

/**
 * Reads a single-choice question exported as @p span option columns as one column: its cell
 * becomes the one non-blank option cell of the row, "" when none is, and "" with a
 * #CX_REASON_SEVERAL_CHOICES reject when several are. While such a column is set,
 * cx_reader_next_batch() returns one row per call.
 * @param reader the reader (before its first row). @param column the first option column.
 * @param span the number of option columns (cx_reader_choice_span()), ≥ 1.
 * @return as cx_reader_set_number_column().
 * @since 0.2
 */
CX_EXPORT int cx_reader_set_choice_column(CxReader *reader, size_t column, size_t span);

/**
 * Receives a rejected cell or a malformed row.
 * @param user_data the pointer given to cx_reader_set_reject_func().
 * @param line   the record's first line (1-based).
 * @param column the column, or SIZE_MAX for a malformed row.
 * @param value  the cell's text (not NUL-terminated), or the reader's message for a malformed
 *               row; valid during the call only.
 * @param len    its length in bytes.
 * @param reason a #CxRejectReason.
 * @since 0.2
 */
typedef void (*CxRejectFunc)(void *user_data, uint64_t line, size_t column, const char *value,
                             size_t len, int reason);

/**
 * Sets the function told of every rejected cell (of the columns set with
 * cx_reader_set_number_column() and the like) and every malformed row, in input order.
 * @param reader the reader. @param func the function, or NULL for none.
 * @param user_data passed to @p func.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_reader_set_reject_func(CxReader *reader, CxRejectFunc func, void *user_data);

/**
 * The cells of a column set with cx_reader_set_number_column() or the like, so far: valid +
 * missing + rejected = the rows read (cx_reader_row_count()).
 * @param reader the reader. @param column the column.
 * @param valid receives the cells read (may be NULL). @param missing the missing ones (may be
 *        NULL). @param rejected the rejected ones (may be NULL).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for NULL or a column without rules.
 * @since 0.2
 */
CX_EXPORT int cx_reader_column_counts(const CxReader *reader, size_t column, uint64_t *valid,
                                      uint64_t *missing, uint64_t *rejected);

/** @} */

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_READER_H */
