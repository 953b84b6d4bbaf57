.PHONY: check sample docs
check:
	ruff check .
	ruff format --check .
	mypy
	python -m pytest

sample:
	python -m pipeline.sample

docs:
	python -m pipeline.docs
