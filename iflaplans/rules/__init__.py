"""The rule data (template headings, timeframe grammar and vocabularies, language
markers) beside the code that finds, loads, validates and checks it."""
