"""The core's write paths. Every change goes through here (or an audited model save),
in one transaction with its audit entry; events reach plugins after commit."""
