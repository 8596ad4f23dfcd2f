package textfmt

// IsPlainName exposes the name rule of "Name: text" labels to the tests.
func IsPlainName(s string) bool {
	return isName([]byte(s), maxNameWords, maxNameRunes) && !notSpeaker([]byte(s))
}
