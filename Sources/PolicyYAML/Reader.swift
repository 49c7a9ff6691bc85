// Placeholder: the libyaml reader is written next.
