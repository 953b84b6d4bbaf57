"""Data Kinerja: the performance-data SOP of Disdukcapil Kota Medan as a pipeline."""

__version__ = "0.1.0"
