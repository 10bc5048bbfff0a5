"""Demo content: an opt-in app (``"icc_practices.demo"`` in ``INSTALLED_APPS``) whose
``load_demo_practices`` command builds sample practices to try the package with."""
