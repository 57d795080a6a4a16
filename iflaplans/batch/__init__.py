"""Reading files in a batch: one file to its result, in worker processes under bounds."""
