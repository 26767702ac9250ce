"""Learner data rights (RGPD): download all one's data, delete one's account.

``export`` builds the zip of everything Tremplin holds about a person; ``deletion`` removes the
account and anonymises what must outlive it (issued attestations and badges, the xAPI ledger).
"""

from .deletion import DELETED_ACCOUNT_LABEL, user_account_delete
from .export import user_data_collect, user_data_export

__all__ = ["DELETED_ACCOUNT_LABEL", "user_account_delete", "user_data_collect", "user_data_export"]
