"""An on-demand load test of the app under gunicorn with production settings.

Run ``benchmarks/loadtest/run.py --help``; see README.md in this folder.
"""
