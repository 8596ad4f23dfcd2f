// Package caption holds what the WebVTT and SRT readers share, so that a fix
// to either lands in both: the line reader that counts lines for error
// messages, the rules that tell a speaker label ("Dana Reyes:", "- MAN:")
// from a sentence holding a colon, the cleaning of cue text (tags, character
// references, <v> voice spans, time stamp tags) and the checks on cue timing
// lines.
//
// What only one format has stays in its reader: WebVTT's block structure,
// NOTE/STYLE/REGION blocks and Zoom prefix detection; SRT's cue numbers and
// ASS overrides ("{\an8}"). The readers plug those in through the
// Assembler's fields.
package caption
