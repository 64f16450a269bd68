"""Drives the emulator with Apache Libcloud's OnApp driver, unchanged.

Run by TestThirdPartyClient_libcloudOnApp (thirdparty_client_test.go) with
Debian's python3-libcloud. It lists templates and servers, creates a server,
waits for it to be built, destroys it and waits until it is gone, all through
libcloud.compute.drivers.onapp.OnAppNodeDriver, then prints one JSON line of
what it saw. Any failure raises, and the non-zero exit fails the Go test.
"""
import json
import os
import sys
import time

import libcloud.security
from libcloud.compute.drivers.onapp import OnAppNodeDriver

libcloud.security.CA_CERTS_PATH = os.environ["EMULATOR_CA_CERT_FILE"]

driver = OnAppNodeDriver(
    os.environ["EMULATOR_LOGIN"],
    os.environ["EMULATOR_PASSWORD"],
    host=os.environ["EMULATOR_HOST"],
    port=int(os.environ["EMULATOR_PORT"]),
    secure=True,
)
deadline = time.monotonic() + float(os.environ.get("EMULATOR_WAIT_SECONDS", "60"))

images = driver.list_images()
debian = [i for i in images if i.extra["distribution"] == "debian"]
if not debian:
    sys.exit("no debian template among %s" % [i.name for i in images])
image = debian[0]

before = driver.list_nodes()
node = driver.create_node(
    name="libcloud-web",
    ex_memory=512,
    ex_cpus=1,
    ex_cpu_shares=10,
    ex_hostname="libcloud-web",
    ex_template_id=int(image.id),
    ex_primary_disk_size=10,
    ex_swap_disk_size=1,
)


def find(identifier):
    for n in driver.list_nodes():
        if n.id == identifier:
            return n
    return None


built = None
while time.monotonic() < deadline:
    n = find(node.id)
    if n is not None and n.extra["built"] and not n.extra["locked"]:
        built = n
        break
    time.sleep(0.05)
if built is None:
    sys.exit("server %s was not built in time" % node.id)

driver.destroy_node(built)
gone = False
while time.monotonic() < deadline:
    if find(node.id) is None:
        gone = True
        break
    time.sleep(0.05)
if not gone:
    sys.exit("server %s was not destroyed in time" % node.id)

print(json.dumps({
    "templates": [{"id": i.id, "name": i.name, "arch": i.extra["operating_system_arch"],
                   "hot_migrate": i.extra["allowed_hot_migrate"], "created_at": i.extra["created_at"]}
                  for i in images],
    "servers_before": len(before),
    "created": {"identifier": node.id, "name": node.name, "template_id": node.extra["template_id"]},
    "built": {"state": built.extra["state"], "public_ips": built.public_ips, "private_ips": built.private_ips,
              "hypervisor_id": built.extra["hypervisor_id"]},
    "servers_after": len(driver.list_nodes()),
}))
