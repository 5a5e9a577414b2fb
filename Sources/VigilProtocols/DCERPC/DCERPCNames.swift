/// The names dce_rpc.log gives interfaces and operations, as Zeek's
/// base/protocols/dce-rpc/consts.zeek has them (`uuid_endpoint_map`, `operations`).
///
/// Every interface Zeek names is named here. Operation names are carried for the interfaces an
/// intruder's lateral movement and reconnaissance go through (services, scheduled tasks, WMI
/// and DCOM activation, the endpoint mapper, the registry, accounts, domain replication,
/// printing, shares, the event log); the operations of the others (audio, licensing, terminal
/// sessions, DFS…) are written `unknown-N`, which is what Zeek writes for an operation it has
/// no name for.
public enum DCERPCNames {
    /// Zeek's name for an interface, or `unknown-UUID`.
    public static func endpoint(_ uuid: String) -> String { table.endpoints[uuid] ?? "unknown-\(uuid)" }

    /// Zeek's name for an operation of an interface, or `unknown-OPNUM`.
    public static func operation(_ uuid: String, _ opnum: UInt16) -> String {
        if let ops = table.operations[uuid], Int(opnum) < ops.count, !ops[Int(opnum)].isEmpty { return ops[Int(opnum)] }
        return "unknown-\(opnum)"
    }

    /// Pipes whose interface Zeek assumes when the bind was not seen (`pipe_name_to_common_uuid`).
    public static let pipeInterfaces = [
        "winreg": "338cd001-2244-31f1-aaaa-900038001003", "spoolss": "12345678-1234-abcd-ef00-0123456789ab",
        "srvsvc": "4b324fc8-1670-01d3-1278-5a47bf6ee188",
    ]

    /// Operations Zeek leaves out of dce_rpc.log as noisy (`DCE_RPC::ignored_operations`).
    public static let ignoredOperations: [String: Set<String>] = [
        "winreg": [
            "BaseRegCloseKey", "BaseRegGetVersion", "BaseRegOpenKey", "BaseRegQueryValue", "BaseRegDeleteKeyEx", "OpenLocalMachine",
            "BaseRegEnumKey", "OpenClassesRoot",
        ],
        "spoolss": ["RpcSplOpenPrinter", "RpcClosePrinter"],
        "wkssvc": ["NetrWkstaGetInfo"],
    ]

    struct Table {
        var endpoints: [String: String] = [:]
        var operations: [String: [String]] = [:]
    }

    /// Parsed on first use from `source`: a dictionary literal of this size takes the compiler
    /// minutes to type-check.
    static let table: Table = {
        var t = Table()
        for line in source.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            let uuid = String(fields[0])
            t.endpoints[uuid] = String(fields[1])
            if fields.count == 3 {
                t.operations[uuid] = fields[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        }
        return t
    }()

    /// One interface a line: its UUID, Zeek's name for it, then (where carried) its operations
    /// from opnum 0, comma-separated, an empty slot for an opnum Zeek leaves unnamed.
    static let source = """
        367abb81-9844-35f1-ad32-98f038001003\tsvcctl\tCloseServiceHandle,ControlService,DeleteService,LockServiceDatabase,QueryServiceObjectSecurity,SetServiceObjectSecurity,QueryServiceStatus,SetServiceStatus,UnlockServiceDatabase,NotifyBootConfigStatus,ScSetServiceBitsW,ChangeServiceConfigW,CreateServiceW,EnumDependentServicesW,EnumServicesStatusW,OpenSCManagerW,OpenServiceW,QueryServiceConfigW,QueryServiceLockStatusW,StartServiceW,GetServiceDisplayNameW,GetServiceKeyNameW,ScSetServiceBitsA,ChangeServiceConfigA,CreateServiceA,EnumDependentServicesA,EnumServicesStatusA,OpenSCManagerA,OpenServiceA,QueryServiceConfigA,QueryServiceLockStatusA,StartServiceA,GetServiceDisplayNameA,GetServiceKeyNameA,ScGetCurrentGroupStateW,EnumServiceGroupW,ChangeServiceConfig2A,ChangeServiceConfig2W,QueryServiceConfig2A,QueryServiceConfig2W,QueryServiceStatusEx,EnumServicesStatusExA,EnumServicesStatusExW,ScSendTSMessage,CreateServiceWOW64A,CreateServiceWOW64W,ScQueryServiceTagInfo,NotifyServiceStatusChange,GetNotifyResult,CloseNotifyHandle,ControlServiceExA,ControlServiceExW,ScSendPnPMessage,ScValidatePnPService,ScOpenServiceStatusHandle
        86d35949-83c9-4044-b424-db363231fd0c\tITaskSchedulerService\tSchRpcHighestVersion,SchRpcRegisterTask,SchRpcRetrieveTask,SchRpcCreateFolder,SchRpcSetSecurity,SchRpcGetSecurity,SchRpcEnumFolder,SchRpcEnumTasks,SchRpcEnumInstances,SchRpcGetInstanceInfo,SchRpcStopInstance,SchRpcStop,SchRpcRun,SchRpcDelete,SchRpcRename,SchRpcScheduledRuntimes,SchRpcGetLastRunInfo,SchRpcGetTaskInfo
        378e52b0-c0a9-11cf-822d-00aa0051e40f\tsasec\tSASetAccountInformation,SASetNSAccountInformation,SAGetNSAccountInformation,SAGetAccountInformation
        1ff70682-0a51-30e8-076d-740be8cee98b\tatsvc\tNetrJobAdd,NetrJobDel,NetrJobEnum,NetrJobGetInfo
        0a74ef1c-41a4-4e06-83ae-dc74fb1cdd53\tidletask\tItSrvRegisterIdleTask,ItSrvUnregisterIdleTask,ItSrvProcessIdleTasks,ItSrvSetDetectionParameters
        906b0ce0-c70b-1067-b317-00dd010662da\tIXnRemote
        ae33069b-a2a8-46ee-a235-ddfd339be281\tIRPCRemoteObject
        0b6edbfa-4a24-4fc6-8a23-942b1eca65d1\tIRPCAsyncNotify
        afa8bd80-7d8a-11c9-bef4-08002b102989\tmgmt\tinq_if_ids,inq_stats,is_server_listening,stop_server_listening,inq_princ_name
        f5cc59b4-4264-101a-8c59-08002b2f8426\tFrsRpc
        000001a0-0000-0000-c000-000000000046\tIRemoteSCMActivator\tQueryInterfaceIRemoteSCMActivator,AddRefIRemoteISCMActivator,ReleaseIRemoteISCMActivator,RemoteGetClassObject,RemoteCreateInstance
        00000143-0000-0000-c000-000000000046\tIRemUnknown2\tQueryInterface,AddRef,Release,RemQueryInterface,RemAddRef,RemRelease,RemQueryInterface2
        12345778-1234-abcd-ef00-0123456789ab\tlsarpc\tLsarClose,LsarDelete,LsarEnumeratePrivileges,LsarQuerySecurityObject,LsarSetSecurityObject,LsarChangePassword,LsarOpenPolicy,LsarQueryInformationPolicy,LsarSetInformationPolicy,LsarClearAuditLog,LsarCreateAccount,LsarEnumerateAccounts,LsarCreateTrustedDomain,LsarEnumerateTrustedDomains,LsarLookupNames,LsarLookupSids,LsarCreateSecret,LsarOpenAccount,LsarEnumeratePrivilegesAccount,LsarAddPrivilegesToAccount,LsarRemovePrivilegesFromAccount,LsarGetQuotasForAccount,LsarSetQuotasForAccount,LsarGetSystemAccessAccount,LsarSetSystemAccessAccount,LsarOpenTrustedDomain,LsarQueryInfoTrustedDomain,LsarSetInformationTrustedDomain,LsarOpenSecret,LsarSetSecret,LsarQuerySecret,LsarLookupPrivilegeValue,LsarLookupPrivilegeName,LsarLookupPrivilegeDisplayName,LsarDeleteObject,LsarEnumerateAccountsWithUserRight,LsarEnumerateAccountRights,LsarAddAccountRights,LsarRemoveAccountRights,LsarQueryTrustedDomainInfo,LsarSetTrustedDomainInfo,LsarDeleteTrustedDomain,LsarStorePrivateData,LsarRetrievePrivateData,LsarOpenPolicy2,LsarGetUserName,LsarQueryInformationPolicy2,LsarSetInformationPolicy2,LsarQueryTrustedDomainInfoByName,LsarSetTrustedDomainInfoByName,LsarEnumerateTrustedDomainsEx,LsarCreateTrustedDomainEx,LsarCloseTrustedDomainEx,LsarQueryDomainInformationPolicy,LsarSetDomainInformationPolicy,LsarOpenTrustedDomainByName,LsarTestCall,LsarLookupSids2,LsarLookupNames2,LsarCreateTrustedDomainEx2,CredrWrite,CredrRead,CredrEnumerate,CredrWriteDomainCredentials,CredrReadDomainCredentials,CredrDelete,CredrGetTargetInfo,CredrProfileLoaded,LsarLookupNames3,CredrGetSessionTypes,LsarRegisterAuditEvent,LsarGenAuditEvent,LsarUnregisterAuditEvent,LsarQueryForestTrustInformation,LsarSetForestTrustInformation,CredrRename,LsarLookupSids3,LsarLookupNames4,LsarOpenPolicySce,LsarAdtRegisterSecurityEventSource,LsarAdtUnregisterSecurityEventSource,LsarAdtReportSecurityEvent,CredrFindBestCredential,LsarSetAuditPolicy,LsarQueryAuditPolicy,LsarEnumerateAuditPolicy,LsarEnumerateAuditCategories,LsarEnumerateAuditSubCategories,LsarLookupAuditCategoryName,LsarLookupAuditSubCategoryName,LsarSetAuditSecurity,LsarQueryAuditSecurity,CredReadByTokenHandle,CredrRestoreCredentials,CredrBackupCredentials
        76f03f96-cdfd-44fc-a22c-64950a001209\tIRemoteWinspool\tRpcAsyncOpenPrinter,RpcAsyncAddPrinter,RpcAsyncSetJob,RpcAsyncGetJob,RpcAsyncEnumJobs,RpcAsyncAddJob,RpcAsyncScheduleJob,RpcAsyncDeletePrinter,RpcAsyncSetPrinter,RpcAsyncGetPrinter,RpcAsyncStartDocPrinter,RpcAsyncStartPagePrinter,RpcAsyncWritePrinter,RpcAsyncEndPagePrinter,RpcAsyncEndDocPrinter,RpcAsyncAbortPrinter,RpcAsyncGetPrinterData,RpcAsyncGetPrinterDataEx,RpcAsyncSetPrinterData,RpcAsyncSetPrinterDataEx,RpcAsyncClosePrinter,RpcAsyncAddForm,RpcAsyncDeleteForm,RpcAsyncGetForm,RpcAsyncSetForm,RpcAsyncEnumForms,RpcAsyncGetPrinterDriver,RpcAsyncEnumPrinterData,RpcAsyncEnumPrinterDataEx,RpcAsyncEnumPrinterKey,RpcAsyncDeletePrinterData,RpcAsyncDeletePrinterDataEx,RpcAsyncDeletePrinterKey,RpcAsyncXcvData,RpcAsyncSendRecvBidiData,RpcAsyncCreatePrinterIC,RpcAsyncPlayGdiScriptOnPrinterIC,RpcAsyncDeletePrinterIC,RpcAsyncEnumPrinters,RpcAsyncAddPrinterDriver,RpcAsyncEnumPrinterDrivers,RpcAsyncGetPrinterDriverDirectory,RpcAsyncDeletePrinterDriver,RpcAsyncDeletePrinterDriverEx,RpcAsyncAddPrintProcessor,RpcAsyncEnumPrintProcessors,RpcAsyncGetPrintProcessorDirectory,RpcAsyncEnumPorts,RpcAsyncEnumMonitors,RpcAsyncAddPort,RpcAsyncSetPort,RpcAsyncAddMonitor,RpcAsyncDeleteMonitor,RpcAsyncDeletePrintProcessor,RpcAsyncEnumPrintProcessorDatatypes,RpcAsyncAddPerMachineConnection,RpcAsyncDeletePerMachineConnection,RpcAsyncEnumPerMachineConnections,RpcSyncRegisterForRemoteNotifications,RpcSyncUnRegisterForRemoteNotifications,RpcSyncRefreshRemoteNotifications,RpcAsyncGetRemoteNotifications,RpcAsyncInstallPrinterDriverFromPackage,RpcAsyncUploadPrinterDriverPackage,RpcAsyncGetCorePrinterDrivers,RpcAsyncCorePrinterDriverInstalled,RpcAsyncGetPrinterDriverPackagePath,RpcAsyncDeletePrinterDriverPackage,RpcAsyncReadPrinter,RpcAsyncResetPrinter,RpcAsyncGetJobNamedPropertyValue,RpcAsyncSetJobNamedProperty,RpcAsyncDeleteJobNamedProperty,RpcAsyncEnumJobNamedProperties,RpcAsyncLogJobInfoForBranchOffice
        12345678-1234-abcd-ef00-01234567cffb\tnetlogon\tNetrLogonUasLogon,NetrLogonUasLogoff,NetrLogonSamLogon,NetrLogonSamLogoff,NetrServerReqChallenge,NetrServerAuthenticate,NetrServerPasswordSet,NetrDatabaseDeltas,NetrDatabaseSync,NetrAccountDeltas,NetrAccountSync,NetrGetDCName,NetrLogonControl,NetrGetAnyDCName,NetrLogonControl2,NetrServerAuthenticate2,NetrDatabaseSync2,NetrDatabaseRedo,NetrLogonControl2Ex,NetrEnumerateTrustedDomains,DsrGetDcName,NetrLogonGetCapabilities,NetrLogonSetServiceBits,NetrLogonGetTrustRid,NetrLogonComputeServerDigest,NetrLogonComputeClientDigest,NetrServerAuthenticate3,DsrGetDcNameEx,DsrGetSiteName,NetrLogonGetDomainInfo,NetrServerPasswordSet2,NetrServerPasswordGet,NetrLogonSendToSam,DsrAddressToSiteNamesW,DsrGetDcNameEx2,NetrLogonGetTimeServiceParentDomain,NetrEnumerateTrustedDomainsEx,DsrAddressToSiteNamesExW,DsrGetDcSiteCoverageW,NetrLogonSamLogonEx,DsrEnumerateDomainTrusts,DsrDeregisterDnsHostRecords,NetrServerTrustPasswordsGet,DsrGetForestTrustInformation,NetrGetForestTrustInformation,NetrLogonSamLogonWithFlags,NetrServerGetTrustInfo,unused,DsrUpdateReadOnlyServerDnsRecords,NetrChainSetClientAttributes
        e3514235-4b06-11d1-ab04-00c04fc2dcd2\tdrsuapi\tDRSBind,DRSUnbind,DRSReplicaSync,DRSGetNCChanges,DRSUpdateRefs,DRSReplicaAdd,DRSReplicaDel,DRSReplicaModify,DRSVerifyNames,DRSGetMemberships,DRSInterDomainMove,DRSGetNT4ChangeLog,DRSCrackNames,DRSWriteSPN,DRSRemoveDsServer,DRSRemoveDsDomain,DRSDomainControllerInfo,DRSAddEntry,DRSExecuteKCC,DRSGetReplInfo,DRSAddSidHistory,DRSGetMemberships2,DRSReplicaVerifyObjects,DRSGetObjectExistence,DRSQuerySitesByCost
        5261574a-4572-206e-b268-6b199213b4e4\tAsyncEMSMDB
        4d9f4ab8-7d1c-11cf-861e-0020af6e7c57\tIActivation\tRemoteActivation
        99fcfec4-5260-101b-bbcb-00aa0021347a\tIObjectExporter\tResolveOxid,SimplePing,ComplexPing,ServerAlive,ResolveOxid2,ServerAlive2
        e1af8308-5d1f-11c9-91a4-08002b14a0fa\tepmapper\tept_insert,ept_delete,ept_lookup,ept_map,ept_lookup_handle_free,ept_inq_object,ept_mgmt_delete,ept_map_auth,ept_map_auth_async
        12345778-1234-abcd-ef00-0123456789ac\tsamr\tSamrConnect,SamrCloseHandle,SamrSetSecurityObject,SamrQuerySecurityObject,SamrShutdownSamServer,SamrLookupDomainInSamServer,SamrEnumerateDomainsInSamServer,SamrOpenDomain,SamrQueryInformationDomain,SamrSetInformationDomain,SamrCreateGroupInDomain,SamrEnumerateGroupsInDomain,SamrCreateUserInDomain,SamrEnumerateUsersInDomain,SamrCreateAliasInDomain,SamrEnumerateAliasesInDomain,SamrGetAliasMembership,SamrLookupNamesInDomain,SamrLookupIdsInDomain,SamrOpenGroup,SamrQueryInformationGroup,SamrSetInformationGroup,SamrAddMemberToGroup,SamrDeleteGroup,SamrRemoveMemberFromGroup,SamrGetMembersInGroup,SamrSetMemberAttributesOfGroup,SamrOpenAlias,SamrQueryInformationAlias,SamrSetInformationAlias,SamrDeleteAlias,SamrAddMemberToAlias,SamrRemoveMemberFromAlias,SamrGetMembersInAlias,SamrOpenUser,SamrDeleteUser,SamrQueryInformationUser,SamrSetInformationUser,SamrChangePasswordUser,SamrGetGroupsForUser,SamrQueryDisplayInformation,SamrGetDisplayEnumerationIndex,SamrTestPrivateFunctionsDomain,SamrTestPrivateFunctionsUser,SamrGetUserDomainPasswordInformation,SamrRemoveMemberFromForeignDomain,SamrQueryInformationDomain2,SamrQueryInformationUser2,SamrQueryDisplayInformation2,SamrGetDisplayEnumerationIndex2,SamrCreateUser2InDomain,SamrQueryDisplayInformation3,SamrAddMultipleMembersToAlias,SamrRemoveMultipleMembersFromAlias,SamrOemChangePasswordUser2,SamrUnicodeChangePasswordUser2,SamrGetDomainPasswordInformation,SamrConnect2,SamrSetInformationUser2,SamrSetBootKeyInformation,SamrGetBootKeyInformation,SamrConnect3,SamrConnect4,SamrUnicodeChangePasswordUser3,SamrConnect5,SamrRidToSid,SamrSetDSRMPassword,SamrValidatePassword,SamrQueryLocalizableAccountsInDomain,SamrPerformGenericOperation
        4b324fc8-1670-01d3-1278-5a47bf6ee188\tsrvsvc\tNetrCharDevEnum,NetrCharDevGetInfo,NetrCharDevControl,NetrCharDevQEnum,NetrCharDevQGetInfo,NetrCharDevQSetInfo,NetrCharDevQPurge,NetrCharDevQPurgeSelf,NetrConnectionEnum,NetrFileEnum,NetrFileGetInfo,NetrFileClose,NetrSessionEnum,NetrSessionDel,NetrShareAdd,NetrShareEnum,NetrShareGetInfo,NetrShareSetInfo,NetrShareDel,NetrShareDelSticky,NetrShareCheck,NetrServerGetInfo,NetrServerSetInfo,NetrServerDiskEnum,NetrServerStatisticsGet,NetrServerTransportAdd,NetrServerTransportEnum,NetrServerTransportDel,NetrRemoteTOD,NetrServerSetServiceBits,NetprPathType,NetprPathCanonicalize,NetprPathCompare,NetprNameValidate,NetprNameCanonicalize,NetprNameCompare,NetrShareEnumSticky,NetrShareDelStart,NetrShareDelCommit,NetrpGetFileSecurity,NetrpSetFileSecurity,NetrServerTransportAddEx,NetrServerSetServiceBitsEx,NetrDfsGetVersion,NetrDfsCreateLocalPartition,NetrDfsDeleteLocalPartition,NetrDfsSetLocalVolumeState,NetrDfsSetServerInfo,NetrDfsCreateExitPoint,NetrDfsDeleteExitPoint,NetrDfsModifyPrefix,NetrDfsFixLocalVolume,NetrDfsManagerReportSiteInfo,NetrServerTransportDelEx,,NetrServerAliasEnum,NetrServerAliasDel,NetrShareDelEx
        45f52c28-7f9f-101a-b52b-08002b2efabe\twinspipe
        6bffd098-a112-3610-9833-46c3f87e345a\twkssvc\tNetrWkstaGetInfo,NetrWkstaSetInfo,NetrWkstaUserEnum,NetrWkstaUserGetInfo,NetrWkstaUserSetInfo,NetrWkstaTransportEnum,NetrWkstaTransportAdd,NetrWkstaTransportDel,NetrUseAdd,NetrUseGetInfo,NetrUseDel,NetrUseEnum,NetrMessageBufferSend,NetrWorkstationStatisticsGet,NetrLogonDomainNameAdd,NetrLogonDomainNameDel,NetrJoinDomain,NetrUnjoinDomain,NetrValidateName,NetrRenameMachineInDomain,NetrGetJoinInformation,NetrGetJoinableOUs,NetrJoinDomain2,NetrUnjoinDomain2,NetrRenameMachineInDomain2,NetrValidateName2,NetrGetJoinableOUs2,NetrAddAlternateComputerName,NetrRemoveAlternateComputerName,NetrSetPrimaryComputerName,NetrEnumerateComputerNames,NetrWorkstationResetDfsCache
        3919286a-b10c-11d0-9ba8-00c04fd92ef5\tdssetup\tDsRolerGetPrimaryDomainInformation,DsRolerDnsNameToFlatName,DsRolerDcAsDc,DsRolerDcAsReplica,DsRolerDemoteDc,DsRolerGetDcOperationProgress,DsRolerGetDcOperationResults,DsRolerCancel,DsRolerServerSaveStateForUpgrade,DsRolerUpgradeDownlevelServer,DsRolerAbortDownlevelServerUpgrade
        12345678-1234-abcd-ef00-0123456789ab\tspoolss\tRpcEnumPrinters,RpcOpenPrinter,RpcSetJob,RpcGetJob,RpcEnumJobs,RpcAddPrinter,RpcDeletePrinter,RpcSetPrinter,RpcGetPrinter,RpcAddPrinterDriver,RpcEnumPrinterDrivers,RpcGetPrinterDriver,RpcGetPrinterDriverDirectory,RpcDeletePrinterDriver,RpcAddPrintProcessor,RpcEnumPrintProcessors,RpcGetPrintProcessorDirectory,RpcStartDocPrinter,RpcStartPagePrinter,RpcWritePrinter,RpcEndPagePrinter,RpcAbortPrinter,RpcReadPrinter,RpcEndDocPrinter,RpcAddJob,RpcScheduleJob,RpcGetPrinterData,RpcSetPrinterData,RpcWaitForPrinterChange,RpcClosePrinter,RpcAddForm,RpcDeleteForm,RpcGetForm,RpcSetForm,RpcEnumForms,RpcEnumPorts,RpcEnumMonitors,RpcAddPort,RpcConfigurePort,RpcDeletePort,RpcCreatePrinterIC,RpcPlayGdiScriptOnPrinterIC,RpcDeletePrinterIC,RpcAddPrinterConnection,RpcDeletePrinterConnection,RpcPrinterMessageBox,RpcAddMonitor,RpcDeleteMonitor,RpcDeletePrintProcessor,RpcAddPrintProvidor,RpcDeletePrintProvidor,RpcEnumPrintProcessorDatatypes,RpcResetPrinter,RpcGetPrinterDriver2,RpcClientFindFirstPrinterChangeNotification,RpcFindNextPrinterChangeNotification,RpcFindClosePrinterChangeNotification,RpcRouterFindFirstPrinterChangeNotificationOld,RpcReplyOpenPrinter,RpcRouterReplyPrinter,RpcReplyClosePrinter,RpcAddPortEx,RpcRemoteFindFirstPrinterChangeNotification,RpcSpoolerInit,RpcResetPrinterEx,RpcRemoteFindFirstPrinterChangeNotificationEx,RpcRouterReplyPrinterEx,RpcRouterRefreshPrinterChangeNotification,RpcSetAllocFailCount,RpcSplOpenPrinter,RpcAddPrinterEx,RpcSetPort,RpcEnumPrinterData,RpcDeletePrinterData,RpcClusterSplOpen,RpcClusterSplClose,RpcClusterSplIsAlive,RpcSetPrinterDataEx,RpcGetPrinterDataEx,RpcEnumPrinterDataEx,RpcEnumPrinterKey,RpcDeletePrinterDataEx,RpcDeletePrinterKey,RpcSeekPrinter,RpcDeletePrinterDriverEx,RpcAddPerMachineConnection,RpcDeletePerMachineConnection,RpcEnumPerMachineConnections,RpcXcvData,RpcAddPrinterDriverEx,RpcSplOpenPrinter,RpcGetSpoolFileInfo,RpcCommitSpoolData,RpcCloseSpoolFileHandle,RpcFlushPrinter,RpcSendRecvBidiData,RpcAddDriverCatalog,RpcAddPrinterConnection2,RpcDeletePrinterConnection2,RpcInstallPrinterDriverFromPackage,RpcUploadPrinterDriverPackage,RpcGetCorePrinterDrivers,RpcCorePrinterDriverInstalled,RpcGetPrinterDriverPackagePath,RpcReportJobProcessingProgress
        1544f5e0-613c-11d1-93df-00c04fd7bd09\texchange_rfr
        f5cc5a18-4264-101a-8c59-08002b2f8426\tnspi
        a4f1db00-ca47-1067-b31f-00dd010662da\texchange_mapi
        9556dc99-828c-11cf-a37e-00aa003240c7\tIWbemServices\t,,,OpenNamespace,CancelAsyncCall,QueryObjectSink,GetObject,GetObjectAsync,PutClass,PutClassAsync,DeleteClass,DeleteClassAsync,CreateClassEnum,CreateClassEnumAsync,PutInstance,PutInstanceAsync,DeleteClass,DeleteClassAsync,CreateInstanceEnum,CreateInstanceEnumAsync,ExecQuery,ExecQueryAsync,ExecNotificationQuery,ExecNotificationQueryAsync,ExecMethod,ExecMethodAsync
        f309ad18-d86a-11d0-a075-00c04fb68820\tIWbemLevel1Login\t,,,EstablishPosition,RequestChallenge,WBEMLogin,NTLMLogin
        d4781cd6-e5d3-44df-ad94-930efe48a887\tIWbemLoginClientID
        44aca674-e8fc-11d0-a07c-00c04fb68820\tIWbemContext interface
        674b6698-ee92-11d0-ad71-00c04fd8fdff\tIWbemContext unmarshaler
        dc12a681-737f-11cf-884d-00aa004b2e24\tIWbemClassObject interface
        4590f812-1d3a-11d0-891f-00aa004b2e24\tIWbemClassObject unmarshaler
        9a653086-174f-11d2-b5f9-00104b703efd\tIWbemClassObject interface
        c49e32c6-bc8b-11d2-85d4-00105a1f8304\tIWbemBackupRestoreEx interface
        7c857801-7381-11cf-884d-00aa004b2e24\tIWbemObjectSink interface
        027947e1-d731-11ce-a357-000000000001\tIEnumWbemClassObject interface
        44aca675-e8fc-11d0-a07c-00c04fb68820\tIWbemCallResult interface
        c49e32c7-bc8b-11d2-85d4-00105a1f8304\tIWbemBackupRestore interface
        a359dec5-e813-4834-8a2a-ba7f1d777d76\tIWbemBackupRestoreEx interface
        f1e9c5b2-f59b-11d2-b362-00105a1f8177\tIWbemRemoteRefresher interface
        2c9273e0-1dc3-11d3-b364-00105a1f8177\tIWbemRefreshingServices interface
        423ec01e-2e35-11d2-b604-00104b703efd\tIWbemWCOSmartEnum interface
        1c1c45ee-4395-11d2-b60b-00104b703efd\tIWbemFetchSmartEnum interface
        541679AB-2E5F-11d3-B34E-00104BCC4B4A\tIWbemLoginHelper interface
        51c82175-844e-4750-b0d8-ec255555bc06\tKMS
        50abc2a4-574d-40b3-9d66-ee4fd5fba076\tdnsserver
        3faf4738-3a21-4307-b46c-fdda9bb8c0d5\tAudioSrv
        c386ca3e-9061-4a72-821e-498d83be188f\tAudioRpc
        6bffd098-a112-3610-9833-012892020162\tbrowser
        91ae6020-9e3c-11cf-8d7c-00aa00c091be\tICertPassage\tCertServerRequest
        c8cb7687-e6d3-11d2-a958-00c04f682e16\tDAV RPC SERVICE
        82273fdc-e32a-18c3-3f78-827929dc23ea\teventlog\tElfrClearELFW,ElfrBackupELFW,ElfrCloseEL,ElfrDeregisterEventSource,ElfrNumberOfRecords,ElfrOldestRecord,ElfrChangeNotify,ElfrOpenELW,ElfrRegisterEventSourceW,ElfrOpenBELW,ElfrReadELW,ElfrReportEventW,ElfrClearELFA,ElfrBackupELFA,ElfrOpenELA,ElfrRegisterEventSourceA,ElfrOpenBELA,ElfrReadELA,ElfrReportEventA,ElfrRegisterClusterSvc,ElfrDeregisterClusterSvc,ElfrWriteClusterEvents,ElfrGetLogInformation,ElfrFlushEL,ElfrReportEventAndSourceW
        3d267954-eeb7-11d1-b94e-00c04fa3080d\tHydraLsPipe
        894de0c0-0d55-11d3-a322-00c04fa321a1\tInitShutdown\tBaseInitiateShutdown,BaseAbortShutdown,BaseInitiateShutdownEx
        d95afe70-a6d5-4259-822e-2c84da1ddb0d\tWindowsShutdown\tWsdrInitiateShutdown,WsdrAbortShutdown
        8d0ffe72-d252-11d0-bf8f-00c04fd9126b\tIKeySvc
        68b58241-c259-4f03-a2e5-a2651dcbc930\tIKeySvc2
        0d72a7d4-6148-11d1-b4aa-00c04fb66ea0\tICertProtect
        f50aac00-c7f3-428e-a022-a6b71bfb9d43\tICatDBSvc
        338cd001-2244-31f1-aaaa-900038001003\twinreg\tOpenClassesRoot,OpenCurrentUser,OpenLocalMachine,OpenPerformanceData,OpenUsers,BaseRegCloseKey,BaseRegCreateKey,BaseRegDeleteKey,BaseRegDeleteValue,BaseRegEnumKey,BaseRegEnumValue,BaseRegFlushKey,BaseRegGetKeySecurity,BaseRegLoadKey,BaseRegNotifyChangeKeyValue,BaseRegOpenKey,BaseRegQueryInfoKey,BaseRegQueryValue,BaseRegReplaceKey,BaseRegRestoreKey,BaseRegSaveKey,BaseRegSetKeySecurity,BaseRegSetValue,BaseRegUnLoadKey,BaseInitiateSystemShutdown,BaseAbortSystemShutdown,BaseRegGetVersion,OpenCurrentConfig,OpenDynData,BaseRegQueryMultipleValues,BaseInitiateSystemShutdownEx,BaseRegSaveKeyEx,OpenPerformanceText,OpenPerformanceNlsText,BaseRegQueryMultipleValues2,BaseRegDeleteKeyEx
        3dde7c30-165d-11d1-ab8f-00805f14db40\tBackupKey\tbkrp_BackupKey
        3c4728c5-f0ab-448b-bda1-6ce01eb0a6d5\tRpcSrvDHCPC
        3c4728c5-f0ab-448b-bda1-6ce01eb0a6d6\tdhcpcsvc6
        2f59a331-bf7d-48cb-9ec5-7c090d76e8b8\tlcrpc
        5ca4a760-ebb1-11cf-8611-00a0245420ed\twinstation_rpc
        12b81e99-f207-4a4c-85d3-77b42f76fd14\tISeclogon\tSeclCreateProcessWithLogonW,SeclCreateProcessWithLogonExW
        d6d70ef0-0e3b-11cb-acc3-08002b1d29c3\tNsiS
        d3fbb514-0e3b-11cb-8fad-08002b1d29c3\tNsiC
        d6d70ef0-0e3b-11cb-acc3-08002b1d29c4\tNsiM
        17fdd703-1827-4e34-79d4-24a55c53bb37\tmsgsvc
        5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc\tmsgsvcsend
        8d9f4e40-a03d-11ce-8f69-08003e30051b\tpnp
        57674cd0-5200-11ce-a897-08002b2e9c6d\tlls_license
        342cfd40-3c6c-11ce-a893-08002b2e9c6d\tllsrpc
        4fc742e0-4a10-11cf-8273-00aa004ae673\tnetdfs
        83da7c00-e84f-11d2-9807-00c04f8ec850\tsfcapi
        2f5f3220-c126-1076-b549-074d078619da\tnddeapi
        """
}
