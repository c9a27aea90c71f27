"""The registration wizard: a UI-free navigation engine, the pages, and their frame."""
