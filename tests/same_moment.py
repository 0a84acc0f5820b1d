"""Run calls in threads released together, each on its own database connection."""

import threading

from django.db import connection


def at_the_same_moment(calls: dict) -> dict:
    """Run each named call in its own thread and transaction, all released together.

    Returns what each call returned or raised, keyed by name.
    """
    barrier = threading.Barrier(len(calls), timeout=30)
    outcomes = {}

    def run(name, call):
        try:
            barrier.wait()
            outcomes[name] = call()
        except Exception as error:  # reported to the test
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"
    return outcomes
