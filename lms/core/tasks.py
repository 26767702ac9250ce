from celery import shared_task


@shared_task(name="core.ping")
def ping(nonce: str) -> str:
    """Return ``nonce``: proves a worker consumed a message from the broker and answered."""
    return nonce
