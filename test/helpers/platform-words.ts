// Paths, tools and words that only make sense on one platform: a Windows finding's remediation never names the
// Linux ones, and the reverse.
export const LINUX_ONLY =
  /\/var\/|\/etc\/|\/usr\/|\/dev\/|\/proc\/|systemctl|journalctl|waagent\.conf|walinuxagent|waagent\b|\bfsfreeze\b|iptables|nftables|firewalld|\bufw\b|dhclient|NetworkManager|resolv\.conf|\bapt(?:-get)?\b|\byum\b|\bzypper\b|\bdnf\b|\bchmod\b|\bchown\b|cloud-init|\bLinux\b/;
export const WINDOWS_ONLY =
  /[A-Z]:\\|%Sys|PowerShell|Get-Service|Restart-Service|vssadmin|REG ADD|HKLM|\.msi\b|Event Viewer|WindowsAzureGuestAgent|WaAppAgent|RdAgent|services\.msc|\bsc(?:\.exe)? (?:start|query|config)|ipconfig|netsh|\.NET Framework|IaaSBcdrExtension|\bWindows\b/;
