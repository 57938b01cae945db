// Fixes the evidence itself names (EvidenceFix): when a failure's own text says why (no python, a full disk, a proxy
// that refuses, a blocked 168.63.129.16...), that fix comes before the finding's general steps. Shared by the
// detectors so that the same cause gets the same words wherever it shows up.
import type { EvidenceFix } from '../detectors/types.js';

const RESTART_AGENT_LINUX = 'restart the agent (`systemctl restart walinuxagent` on Ubuntu/Debian, `systemctl restart waagent` on RHEL/SUSE)';
const RESTART_AGENT_WINDOWS = 'restart the agent (`Restart-Service RdAgent, WindowsAzureGuestAgent`)';

/** No python on the image: shell.log's `python version unknown` (backup-extension.md §1.5), `python: not found`, env's ENOENT. */
export const MISSING_PYTHON: EvidenceFix = {
  when: /\bpython[23]?(?:\.\d+)?: (?:command )?not found|\/usr\/bin\/env: '?python[23]?'?: No such file or directory|python version unknown|No such file or directory: '(?:\/usr\/bin\/)?python[23]?'/,
  steps: {
    linux: [
      'The command needs a Python interpreter the image lacks: install Python 3 (`apt-get install python3`, `dnf install python3` or `yum install python3`, `zypper install python3`).',
      'Scripts and extensions that call `python` also need that name: install the `python-is-python3` package (Ubuntu 20.04+, Debian 11+), or on RHEL 8+ run `alternatives --set python /usr/bin/python3`, or link it (`ln -s /usr/bin/python3 /usr/local/bin/python`); then retry the operation (for Azure Backup, the next backup).',
    ],
    windows: [
      'The command needs a Python interpreter that is missing or not on the PATH: install Python 3 from python.org for all users, add it to the system PATH (extensions run as SYSTEM) and retry the operation.',
    ],
  },
};

/** Exit 127: the shell could not find a command (other than python, which has its own fix). */
export const COMMAND_NOT_FOUND: EvidenceFix = {
  when: /^(?![\s\S]*(?:python[23]?(?:\.\d+)?: (?:command )?not found|env: '?python))[\s\S]*(?:exit code:? 127\b|\bexit 127\b|: (?:command )?not found\b|is not recognized as an internal or external command)/,
  steps: {
    linux: ['Exit code 127 means the shell could not find a program the script runs (named in the [stderr] of the evidence): install its package or call it by its full path, then retry.'],
    windows: ['The script runs a program that is not installed or not on the PATH (named in the evidence): install it or call it by its full path, then retry.'],
  },
};

/** A full disk (waagent.md §4.6 R2; the Windows agent's IOException and srv 2013). */
export const DISK_FULL: EvidenceFix = {
  when: /No space left on device|\[Errno 28\]|\bENOSPC\b|not enough space on the disk|disk is at or near capacity|0x80070070/i,
  steps: {
    linux: [
      `Free disk space first: the file system that holds /var/lib/waagent and /var/log is full (\`df -h /var/lib/waagent /var/log\`). Remove old logs and package caches (\`journalctl --vacuum-size=200M\`, \`apt-get clean\` or \`yum clean all\`) or expand the disk, then ${RESTART_AGENT_LINUX}.`,
    ],
    windows: [
      `Free disk space on C: first (Disk Cleanup, old files under C:\\WindowsAzure\\Logs and C:\\Windows\\Temp) or expand the OS disk: the agent cannot save its state on a full disk. Then ${RESTART_AGENT_WINDOWS}.`,
    ],
  },
};

/** A proxy that refuses or cannot tunnel (waagent.md §4.4 N1, N16). */
export const PROXY: EvidenceFix = {
  when: /Tunnel connection failed|Proxy Authentication Required|\b407\b[^\n]{0,60}[Pp]roxy|HTTPS (?:tunnelling )?is unavailable|does not support HTTPS tunnelling|\bProxyError\b/,
  steps: {
    linux: [
      'The proxy refuses the agent (407 or a failed CONNECT): set HttpProxy.Host and HttpProxy.Port in /etc/waagent.conf (or http_proxy/https_proxy for the service) to a proxy that lets the VM CONNECT to *.blob.core.windows.net:443 without interactive authentication.',
      `Keep 168.63.129.16 out of the proxy: add it to no_proxy (the agent honours it); then ${RESTART_AGENT_LINUX}.`,
    ],
    windows: [
      'The proxy refuses the agent (407 or a failed CONNECT): check the machine-wide proxy (`netsh winhttp show proxy`) and let the VM reach *.blob.core.windows.net:443 through it without interactive authentication.',
      `Keep 168.63.129.16 out of the proxy (\`netsh winhttp set proxy proxy-server="<proxy:port>" bypass-list="168.63.129.16;169.254.169.254"\`); then ${RESTART_AGENT_WINDOWS}.`,
    ],
  },
};

const BLOCKED = String.raw`(?:Connection timed out|timed out|No route to host|Network is unreachable|Connection refused|forbidden by its access permissions|Unable to connect to the remote server|\[Errno 11[013]\])`;

/** Traffic to 168.63.129.16 dropped: an NSG or guest firewall rule, or a missing route. */
export const WIRESERVER_BLOCKED: EvidenceFix = {
  when: new RegExp(`${BLOCKED}[^\\n]*168\\.63\\.129\\.16|168\\.63\\.129\\.16[^\\n]*${BLOCKED}|No route exists to 168\\.63\\.129\\.16|Hitting wrong WireServer IP`),
  steps: {
    linux: [
      'Traffic to 168.63.129.16 is dropped: look for an outbound NSG rule and a guest firewall rule that blocks 168.63.129.16 on ports 80 and 32526 (`iptables -S OUTPUT`, `nft list ruleset`, firewalld or ufw), and check the route (`ip route get 168.63.129.16`); then test it with `curl http://168.63.129.16/?comp=versions`.',
    ],
    windows: [
      'Traffic to 168.63.129.16 is dropped: look for an outbound NSG rule and a Windows Firewall or third-party firewall rule that blocks 168.63.129.16 on ports 80 and 32526 (`Get-NetFirewallRule -Direction Outbound -Action Block`), and test both ports with `Test-NetConnection 168.63.129.16 -Port 80` and `-Port 32526`.',
    ],
  },
};

/** Certificate verification fails (waagent.md §6 rule 3; backup-extension.md §2 ExtensionSnapshotFailedNoSecureNetwork). */
export const TLS: EvidenceFix = {
  when: /CERTIFICATE_VERIFY_FAILED|certificate verify failed|\bSSL: |SSLError|Could not establish trust relationship|secure channel|The remote certificate is invalid/,
  steps: {
    linux: [
      'TLS certificate verification fails: update the CA bundle (`ca-certificates` package, then `update-ca-certificates` or `update-ca-trust`), check the clock (`timedatectl`: the system clock must be synchronised), and make sure no TLS-inspecting proxy or firewall replaces Azure’s certificates.',
    ],
    windows: [
      'TLS fails: update the root certificates (Windows Update), check the clock (`w32tm /query /status`), let .NET use TLS 1.2 (`SchUseStrongCrypto`=1 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and its Wow6432Node twin), and make sure no TLS-inspecting proxy replaces Azure’s certificates.',
    ],
  },
};

/** Permission denied on a file the agent or extension must write. */
export const PERMISSION_DENIED: EvidenceFix = {
  when: /Permission denied|\[Errno 13\]|\bEACCES\b|Access (?:is|to the path [^\n]* is) denied|UnauthorizedAccessException|Operation not permitted|0x80070005/,
  steps: {
    linux: [
      'Permission denied on the path in the evidence: the agent runs as root, so look for what overrides that: SELinux or AppArmor denials (`ausearch -m avc -ts recent`, `dmesg | grep -i apparmor`), immutable files (`lsattr`), a read-only or noexec mount, or an endpoint-security product; fix it and retry.',
    ],
    windows: [
      'Access denied on the path in the evidence: the SYSTEM account needs Full Control of C:\\WindowsAzure and C:\\Packages (`icacls C:\\Packages`), and antivirus or AppLocker must not block the files there; fix it and retry.',
    ],
  },
};

/** The downgrade refusal of agents 2.2.21-2.2.24 (SupportArticles-docs linux/extensions-stop-running.md, KB 4099558). */
export const DOWNGRADE_REFUSED: EvidenceFix = {
  when: /Downgrade not allowed/,
  steps: {
    linux: [
      `The agent refuses to install an older extension version than the one it has cached (agents 2.2.21 to 2.2.24): remove the cached manifests (\`rm /var/lib/waagent/*.manifest.xml\`), ${RESTART_AGENT_LINUX}, update the agent, and retry the backup.`,
    ],
    windows: [`The agent refuses to install an older extension version than the one it has: remove the extension from the VM (portal, \`Remove-AzVMExtension\`), ${RESTART_AGENT_WINDOWS} and retry.`],
  },
};

/** The file system was remounted read-only (errors=remount-ro after I/O or file-system errors). */
export const READ_ONLY_FS: EvidenceFix = {
  when: /Read-only file system|\[Errno 30\]|\bEROFS\b|Remounting filesystem read-only|media is write protected/i,
  steps: {
    linux: [
      'The file system is read-only (the kernel remounts it after I/O or file-system errors): read `dmesg` for the EXT4/XFS errors, repair it with fsck/xfs_repair (from a rescue VM for the OS disk), then reboot and retry.',
    ],
    windows: ['The volume is write-protected or failed: check the System log for disk and NTFS errors, run `chkdsk <drive>: /f` in a maintenance window, then retry.'],
  },
};

/** Name resolution fails (waagent.md §6 rule 3: Errno -2/-3). */
export const DNS: EvidenceFix = {
  when: /Name or service not known|Temporary failure in name resolution|\[Errno -[235]\]|getaddrinfo failed|remote name could not be resolved|No such host is known|Name resolution for the name [^\n]* timed out/,
  steps: {
    linux: [
      'Names do not resolve: check the resolver (`getent hosts <account>.blob.core.windows.net`, /etc/resolv.conf, `resolvectl status`); a custom DNS server must forward to Azure DNS (168.63.129.16) or resolve public Azure names.',
    ],
    windows: [
      'Names do not resolve: check the resolver (`Resolve-DnsName <account>.blob.core.windows.net`, `ipconfig /all`); a custom DNS server must forward to Azure DNS (168.63.129.16) or resolve public Azure names.',
    ],
  },
};

/** The fixes every agent- or extension-failure finding is checked for, most specific first. */
export const COMMON_FIXES: readonly EvidenceFix[] = [
  MISSING_PYTHON,
  COMMAND_NOT_FOUND,
  DISK_FULL,
  READ_ONLY_FS,
  PERMISSION_DENIED,
  DOWNGRADE_REFUSED,
  PROXY,
  TLS,
  DNS,
  WIRESERVER_BLOCKED,
];
