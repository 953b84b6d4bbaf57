.PHONY: check sample docs
check:
	ruff check .
	ruff format --check .
	python -m pytest

sample:
	python -m pipeline.sample

docs:
	python -m pipeline.docs
